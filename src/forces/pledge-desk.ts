import { fieldsOf } from '../core/objects.js';
import { payloadFields } from '../record/act-catalogue.js';
import { dayOf } from '../core/dates.js';
import { badInput, conflict, forbidden, notFound, refused } from '../core/errors.js';
import type { AllianceAct } from '../federation/alliance-log.js';
import type { SharedDb } from '../store/database.js';
import { newId } from '../core/ids.js';
import type { Deps } from '../runtime/deps.js';
import type { Source } from '../registry/model.js';
import type { Catalogue } from './catalogue.js';
import type { Headquarters, Place, Pledge, PledgeInput } from './model.js';
import {
  checkActiveMember,
  parsePlace,
  parsePledgeInput,
  parseSources,
  windowsOverlap,
} from './pledge-rules.js';
import { ForcesRepository } from './repository.js';

/**
 * Raises, amends and withdraws pledges, and records an alliance's headquarters: each a signed act of
 * the member, with its projection written in the same transaction. Everything is checked first.
 */
export class PledgeDesk {
  constructor(
    private deps: Deps,
    private catalogue: Catalogue,
  ) {}

  private today(): string {
    return dayOf(this.deps.clock.now());
  }

  /** A unit id may not be pledged twice to the same alliance by the same member for overlapping periods. */
  private async checkNoDoublePledge(
    repo: ForcesRepository,
    member: string,
    input: PledgeInput,
    exceptId?: string,
  ): Promise<void> {
    const mine = await repo.pledges({ allianceId: input.allianceId, member });
    for (const other of mine) {
      if (
        other.id === exceptId ||
        !windowsOverlap(
          input.availableFrom,
          input.availableTo ?? null,
          other.availableFrom,
          other.availableTo,
        )
      )
        continue;
      input.units.forEach((u, i) => {
        if (other.units.some((o) => o.id === u.id))
          throw conflict(
            'overlapping_booking',
            `body/units/${i}/id: unit '${u.id}' is already pledged in ${other.id} for an overlapping period`,
            `body/units/${i}/id`,
          ).withDetail({ unit: u.id, pledge: other.id });
      });
    }
  }

  /**
   * `opts.signAs`: sign with this identity instead of the member's key, the act naming the member in
   * `depicts` (the demo's pledges: `ILLUSTRATIVE`, never a member's key for what no member did here).
   */
  async raise(
    member: string,
    body: unknown,
    opts: { id?: string; signAs?: string } = {},
  ): Promise<Pledge> {
    const input = parsePledgeInput(body, this.catalogue);
    checkActiveMember(this.deps.registry, input.allianceId, member, this.today());
    const id = opts.id ?? newId('pledge');
    const alliance = opts.signAs ? null : this.deps.alliance;
    if (alliance) {
      // A federated node: checked here for a quick answer, then signed and published on the alliance log;
      // every node (this one too) applies it with `applyRaised`.
      await this.checkRaise(ForcesRepository.on(this.deps.store.db), member, input, id);
      await alliance.submit(member, 'forces.pledge.raised', id, { pledgeId: id, ...input });
      return (await ForcesRepository.on(this.deps.store.db).pledge(id))!;
    }
    return this.deps.record.transact(async (tx) => {
      const repo = ForcesRepository.on(tx.db);
      await this.checkRaise(repo, member, input, id);
      const act = await tx.append({
        actor: opts.signAs ?? member,
        type: 'forces.pledge.raised',
        subject: id,
        payload: { pledgeId: id, ...input, ...(opts.signAs ? { depicts: member } : {}) },
      });
      return this.saveRaised(repo, member, input, id, act);
    });
  }

  private async checkRaise(
    repo: ForcesRepository,
    member: string,
    input: PledgeInput,
    id: string,
  ): Promise<void> {
    if (await repo.pledge(id))
      throw conflict('pledge_exists', `pledge '${id}' already exists`, 'id').withDetail(
        { what: 'pledge', id },
        'exists',
      );
    await this.checkNoDoublePledge(repo, member, input);
  }

  private async saveRaised(
    repo: ForcesRepository,
    member: string,
    input: PledgeInput,
    id: string,
    act: { id: string; at: string },
  ): Promise<Pledge> {
    const pledge: Pledge = {
      id,
      allianceId: input.allianceId,
      member,
      status: 'raised',
      version: 1,
      availableFrom: input.availableFrom,
      availableTo: input.availableTo ?? null,
      units: input.units,
      note: input.note,
      illustrative: input.illustrative ?? false,
      sources: input.sources ?? [],
      raisedAt: act.at,
      updatedAt: act.at,
      lastActId: act.id,
    };
    await repo.savePledge(pledge);
    return pledge;
  }

  /**
   * Applies a pledge raised on the alliance log (every federated node, in stream order): the same checks as
   * a local raise, at the act's own date, then the same projection rows. A failed check rejects the act.
   */
  async applyRaised(db: SharedDb, act: AllianceAct): Promise<Pledge> {
    const { pledgeId, ...body } = payloadFields(act);
    if (typeof pledgeId !== 'string' || pledgeId !== act.subject)
      throw badInput('payload.pledgeId', 'payload.pledgeId must equal the act subject');
    const input = parsePledgeInput(body, this.catalogue);
    checkActiveMember(this.deps.registry, input.allianceId, act.actor, dayOf(new Date(act.at)));
    const repo = ForcesRepository.on(db);
    await this.checkRaise(repo, act.actor, input, pledgeId);
    return this.saveRaised(repo, act.actor, input, pledgeId, act);
  }

  /** Applies a withdrawal from the alliance log: only the pledge's own member, only an active pledge. */
  async applyWithdrawn(db: SharedDb, act: AllianceAct): Promise<Pledge> {
    const { pledgeId } = payloadFields(act);
    if (typeof pledgeId !== 'string' || pledgeId !== act.subject)
      throw badInput('payload.pledgeId', 'payload.pledgeId must equal the act subject');
    const repo = ForcesRepository.on(db);
    const p = await this.ownedActive(repo, act.actor, pledgeId);
    const next: Pledge = { ...p, status: 'withdrawn', updatedAt: act.at, lastActId: act.id };
    await repo.savePledge(next);
    return next;
  }

  private async ownedActive(repo: ForcesRepository, member: string, id: string): Promise<Pledge> {
    const p = await repo.pledge(id);
    if (!p) throw notFound('pledge', id);
    if (p.member !== member)
      throw forbidden(
        `pledge ${id} belongs to ${p.member}; only ${p.member} may change it`,
      ).withDetail({ pledge: id, member: p.member }, 'not_pledge_owner');
    if (p.status === 'withdrawn')
      throw refused('pledge_withdrawn', `pledge ${id} was withdrawn and cannot be changed`, 'id');
    return p;
  }

  /** Replaces the pledge's content (alliance unchanged); the version increases. */
  async amend(member: string, id: string, body: unknown): Promise<Pledge> {
    const current = await ForcesRepository.on(this.deps.store.db).pledge(id);
    if (!current) throw notFound('pledge', id);
    // Ownership before content: a non-owner learns nothing from validation errors (re-checked in the transaction).
    if (current.member !== member)
      throw forbidden(
        `pledge ${id} belongs to ${current.member}; only ${current.member} may change it`,
      ).withDetail({ member: current.member }, 'not_pledge_owner');
    const merged = {
      allianceId: current.allianceId,
      ...(body && typeof body === 'object' ? body : {}),
    };
    const input = parsePledgeInput(merged, this.catalogue);
    return this.deps.record.transact(async (tx) => {
      const repo = ForcesRepository.on(tx.db);
      const p = await this.ownedActive(repo, member, id);
      if (input.allianceId !== p.allianceId)
        throw refused(
          'alliance_fixed',
          'body/allianceId: a pledge cannot move to another alliance; withdraw it and raise a new one',
          'body/allianceId',
        );
      checkActiveMember(this.deps.registry, p.allianceId, member, this.today());
      await this.checkNoDoublePledge(repo, member, input, id);
      const act = await tx.append({
        actor: member,
        type: 'forces.pledge.amended',
        subject: id,
        payload: { pledgeId: id, version: p.version + 1, ...input },
      });
      const next: Pledge = {
        ...p,
        status: 'amended',
        version: p.version + 1,
        availableFrom: input.availableFrom,
        availableTo: input.availableTo ?? null,
        units: input.units,
        note: input.note,
        illustrative: input.illustrative ?? p.illustrative,
        sources: input.sources?.length ? input.sources : p.sources,
        updatedAt: act.at,
        lastActId: act.id,
      };
      await repo.savePledge(next);
      return next;
    });
  }

  /** Withdrawal is always open to the member (it keeps command of its forces), even if suspended. */
  async withdraw(member: string, id: string, reason?: string): Promise<Pledge> {
    if (this.deps.alliance) {
      await this.ownedActive(ForcesRepository.on(this.deps.store.db), member, id);
      await this.deps.alliance.submit(member, 'forces.pledge.withdrawn', id, {
        pledgeId: id,
        reason: reason ?? null,
      });
      return (await ForcesRepository.on(this.deps.store.db).pledge(id))!;
    }
    return this.deps.record.transact(async (tx) => {
      const repo = ForcesRepository.on(tx.db);
      const p = await this.ownedActive(repo, member, id);
      const act = await tx.append({
        actor: member,
        type: 'forces.pledge.withdrawn',
        subject: id,
        payload: { pledgeId: id, reason: reason ?? null },
      });
      const next: Pledge = { ...p, status: 'withdrawn', updatedAt: act.at, lastActId: act.id };
      await repo.savePledge(next);
      return next;
    });
  }

  /** The host member records the alliance's headquarters (a signed act, like a pledge). */
  async recordHeadquarters(
    member: string,
    body: unknown,
    opts: { signAs?: string } = {},
  ): Promise<Headquarters> {
    const o = fieldsOf(body);
    const allianceId = typeof o.allianceId === 'string' ? o.allianceId : '';
    checkActiveMember(this.deps.registry, allianceId, member, this.today());
    const place: Place = parsePlace(o.place, 'body/place');
    const sources: Source[] = parseSources(o.sources, 'body/sources');
    const note = typeof o.note === 'string' ? o.note.slice(0, 2000) : undefined;
    return this.deps.record.transact(async (tx) => {
      const act = await tx.append({
        actor: opts.signAs ?? member,
        type: 'forces.headquarters.recorded',
        subject: allianceId,
        payload: {
          allianceId,
          host: member,
          place,
          note,
          sources,
          ...(opts.signAs ? { depicts: member } : {}),
        },
      });
      const hq: Headquarters = {
        allianceId,
        host: member,
        place,
        note,
        sources,
        actId: act.id,
        at: act.at,
      };
      await ForcesRepository.on(tx.db).saveHeadquarters(hq);
      return hq;
    });
  }
}

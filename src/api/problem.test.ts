import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { forbidden, refused, unauthorized } from '../core/errors.js';
import { requireMember, requireSecretariat, PUBLIC_PRINCIPAL } from '../runtime/auth.js';
import { ProblemSchema, sendProblem, toProblem } from './problem.js';
import { validatorCompiler } from './validation.js';

/** A route with a schema like the pledge form's, answering its errors as the node does. */
const app = Fastify();
app.setValidatorCompiler(validatorCompiler);
app.setErrorHandler((err, request, reply) => sendProblem(reply, toProblem(err, request)));
app.post(
  '/pledge',
  {
    schema: {
      body: Type.Object(
        {
          units: Type.Array(
            Type.Object({
              size: Type.Integer({ minimum: 1 }),
              name: Type.String({ minLength: 1 }),
              type: Type.Union([Type.Literal('land'), Type.Literal('air')]),
              homeBase: Type.Object({ lon: Type.Number(), lat: Type.Number() }),
            }),
          ),
        },
        { additionalProperties: false },
      ),
    },
  },
  async () => ({ ok: true }),
);
afterAll(() => app.close());

const post = async (body: unknown) => {
  const r = await app.inject({ method: 'POST', url: '/pledge', payload: body as object });
  return r.json<Record<string, unknown>>();
};
const unit = { size: 5, name: 'a', type: 'land', homeBase: { lon: 1, lat: 2 } };

describe('problems carry a machine code and parameters beside the English detail', () => {
  it('a schema violation: validation.<keyword>, the keyword parameters, the field path', async () => {
    const wrongType = await post({ units: [{ ...unit, homeBase: { lon: 'east', lat: 2 } }] });
    expect(wrongType).toMatchObject({
      code: 'invalid_input',
      field: 'body/units/0/homeBase/lon',
      detail: 'body/units/0/homeBase/lon must be number',
      detailCode: 'validation.type',
      detailParams: { type: 'number' },
    });
    expect(await post({ units: [{ ...unit, size: 0 }] })).toMatchObject({
      field: 'body/units/0/size',
      detailCode: 'validation.minimum',
      detailParams: { limit: 1, comparison: '>=' },
    });
    const { homeBase: _, ...noBase } = unit;
    expect(await post({ units: [noBase] })).toMatchObject({
      field: 'body/units/0/homeBase',
      detailCode: 'validation.required',
      detailParams: { missingProperty: 'homeBase' },
    });
    expect(await post({ units: [{ ...unit, name: '' }] })).toMatchObject({
      field: 'body/units/0/name',
      detailCode: 'validation.minLength',
      detailParams: { limit: 1 },
    });
    expect(await post({ units: [], extra: 1 })).toMatchObject({
      field: 'body/extra',
      detailCode: 'validation.additionalProperties',
      detailParams: { additionalProperty: 'extra' },
    });
  });

  it('a refusal of the domain: its code, or the finer one given, and its values', () => {
    const plain = toProblem(refused('deadline_passed', 'the deadline X has passed'));
    expect(plain).toMatchObject({ code: 'deadline_passed', detailCode: 'deadline_passed' });
    expect(plain.detailParams).toEqual({});
    const finer = toProblem(
      refused('not_a_member', 'QAT was not an active member when p-1 opened').withDetail(
        { member: 'QAT', procedure: 'p-1' },
        'not_member_at_opening',
      ),
    );
    expect(finer).toMatchObject({
      status: 422,
      code: 'not_a_member',
      detail: 'QAT was not an active member when p-1 opened',
      detailCode: 'not_member_at_opening',
      detailParams: { member: 'QAT', procedure: 'p-1' },
    });
  });

  it('sign-in and permission refusals have their own codes', () => {
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return toProblem(e).detailCode;
      }
      return null;
    };
    expect(codeOf(() => requireMember(PUBLIC_PRINCIPAL))).toBe('sign_in_required');
    expect(
      codeOf(() => requireMember({ ...PUBLIC_PRINCIPAL, role: 'secretariat', member: null })),
    ).toBe('member_user_required');
    expect(
      codeOf(() => requireSecretariat({ ...PUBLIC_PRINCIPAL, role: 'member', member: 'QAT' })),
    ).toBe('secretariat_role_required');
    expect(toProblem(unauthorized('something else')).detailCode).toBe('unauthorized');
    expect(toProblem(forbidden('no')).detailCode).toBe('forbidden');
  });

  it('the OpenAPI schema of the error body documents detailCode and detailParams', () => {
    expect(Object.keys(ProblemSchema.properties)).toEqual(
      expect.arrayContaining(['detail', 'detailCode', 'detailParams']),
    );
  });
});

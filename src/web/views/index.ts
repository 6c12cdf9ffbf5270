import type { ComponentType } from 'react';
import type { MessageId } from '../i18n/index.js';
import { MapView } from './MapView.js';
import { RecordView } from './RecordView.js';
import { ForcesView } from './ForcesView.js';
import { CouncilView } from './CouncilView.js';
import { ObligationsView } from './ObligationsView.js';
import { WarningView } from './WarningView.js';
import { IntelView } from './IntelView.js';
import { ProgrammesView } from './ProgrammesView.js';
import { CohesionView } from './CohesionView.js';
import { ProcurementView } from './ProcurementView.js';
import { CyberView } from './CyberView.js';
import { AccessionView } from './AccessionView.js';
import { EventsView } from './EventsView.js';
import { DocumentsView } from './DocumentsView.js';

/** One tab of the console. Each domain adds its view here (one line). */
export interface ConsoleView {
  id: string;
  /** The tab's name: a message id (`tab.<id>` in src/web/i18n/messages/shell.ts). */
  title: MessageId;
  component: ComponentType;
}

export const views: ConsoleView[] = [
  { id: 'map', title: 'tab.map', component: MapView },
  { id: 'forces', title: 'tab.forces', component: ForcesView },
  { id: 'council', title: 'tab.council', component: CouncilView },
  { id: 'obligations', title: 'tab.obligations', component: ObligationsView },
  { id: 'warning', title: 'tab.warning', component: WarningView },
  { id: 'intel', title: 'tab.intel', component: IntelView },
  { id: 'programmes', title: 'tab.programmes', component: ProgrammesView },
  { id: 'cohesion', title: 'tab.cohesion', component: CohesionView },
  { id: 'procurement', title: 'tab.procurement', component: ProcurementView },
  { id: 'cyber', title: 'tab.cyber', component: CyberView },
  { id: 'accession', title: 'tab.accession', component: AccessionView },
  { id: 'events', title: 'tab.events', component: EventsView },
  { id: 'documents', title: 'tab.documents', component: DocumentsView },
  // The signed record: kept last.
  { id: 'record', title: 'tab.record', component: RecordView },
];

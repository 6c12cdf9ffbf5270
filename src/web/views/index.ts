import type { ComponentType } from 'react';
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
  title: string;
  component: ComponentType;
}

export const views: ConsoleView[] = [
  { id: 'map', title: 'Map', component: MapView },
  { id: 'forces', title: 'Forces', component: ForcesView },
  { id: 'council', title: 'Council', component: CouncilView },
  { id: 'obligations', title: 'Obligations', component: ObligationsView },
  { id: 'warning', title: 'Early warning', component: WarningView },
  { id: 'intel', title: 'Intelligence', component: IntelView },
  { id: 'programmes', title: 'Programmes', component: ProgrammesView },
  { id: 'cohesion', title: 'Cohesion', component: CohesionView },
  { id: 'procurement', title: 'Procurement', component: ProcurementView },
  { id: 'cyber', title: 'Cyber cases', component: CyberView },
  { id: 'accession', title: 'Accession', component: AccessionView },
  { id: 'events', title: 'Events', component: EventsView },
  { id: 'documents', title: 'Documents', component: DocumentsView },
  // The signed record: kept last.
  { id: 'record', title: 'Record', component: RecordView },
];

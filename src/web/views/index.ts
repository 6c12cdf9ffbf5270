import type { ComponentType } from 'react';

/** One tab of the console. Each domain adds its view here (one line). */
export interface ConsoleView {
  id: string;
  title: string;
  component: ComponentType;
}

export const views: ConsoleView[] = [];

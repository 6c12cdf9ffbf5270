import { createContext, useContext } from 'react';
import type { Session } from './api.js';

/** The member the console acts as (demo login), or null for the public view. */
export const SessionContext = createContext<Session | null>(null);

/** In a view: `const session = useSession(); session?.member` is the acting member's ISO3. */
export function useSession(): Session | null {
  return useContext(SessionContext);
}

/** Vite asset imports used by the console (`?url` gives the built file's URL). */
declare module '*?url' {
  const url: string;
  export default url;
}

/** The world map at two resolutions (built by src/web/vite-plugins.ts from world-atlas 1:50m). */
declare module 'virtual:atlas' {
  /** Simplified for a view of the whole region. */
  export const coarse: string;
  /** The 1:50m shapes, for a view zoomed on a few states. */
  export const detail: string;
}

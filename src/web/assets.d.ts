/** Vite asset imports used by the console (`?url` gives the built file's URL). */
declare module '*?url' {
  const url: string;
  export default url;
}

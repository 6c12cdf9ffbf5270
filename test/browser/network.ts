import type { CDPSession, Page } from 'playwright-core';

export interface Fetched {
  url: string;
  /** Bytes on the wire (headers and encoded body) as Chromium counts them; 0 when served from its cache. */
  bytes: number;
  /** Served from the browser's memory or disk cache without asking the server. */
  fromCache: boolean;
  status: number;
}

/** Watches what a page fetches through the DevTools protocol (one entry per finished request). */
export async function watchNetwork(page: Page): Promise<{ cdp: CDPSession; fetched: Fetched[] }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const pending = new Map<string, Fetched>();
  const fetched: Fetched[] = [];
  const entry = (id: string): Fetched => {
    let e = pending.get(id);
    if (!e) pending.set(id, (e = { url: '', bytes: 0, fromCache: false, status: 0 }));
    return e;
  };
  cdp.on('Network.requestWillBeSent', (e) => (entry(e.requestId).url = e.request.url));
  cdp.on('Network.requestServedFromCache', (e) => (entry(e.requestId).fromCache = true));
  cdp.on('Network.responseReceived', (e) => {
    const f = entry(e.requestId);
    f.status = e.response.status;
    if (e.response.fromDiskCache || e.response.fromPrefetchCache) f.fromCache = true;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const f = entry(e.requestId);
    f.bytes = f.fromCache ? 0 : e.encodedDataLength;
    pending.delete(e.requestId);
    fetched.push(f);
  });
  return { cdp, fetched };
}

/** Requests that reached the server (not answered from the browser's cache). */
export const fromServer = (fetched: Fetched[]) => fetched.filter((f) => !f.fromCache);
export const totalBytes = (fetched: Fetched[]) => fetched.reduce((a, f) => a + f.bytes, 0);

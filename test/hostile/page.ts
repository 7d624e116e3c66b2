// The host page's side of the hostile-code suite: secrets planted before an attack, and checks that they are all
// still there, unread and untouched, afterwards. The server half is test/hostile/server-endpoints.mjs.

export interface Secrets {
  /** Value of the HttpOnly cookie `hostile_secret`, which only requests to the server can carry. */
  httpOnlyCookie: string;
  /** Value of the script-readable cookie `page_secret`. */
  pageCookie: string;
  /** `localStorage['hostile-secret']`. */
  localStorage: string;
  /** The record `secret` in the IndexedDB database `hostile-db`. */
  indexedDB: string;
}

const DB = 'hostile-db';
const STORE = 'things';

function idb<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function openDatabase(): Promise<IDBDatabase> {
  const request = indexedDB.open(DB, 1);
  request.onupgradeneeded = () => request.result.createObjectStore(STORE);
  return idb(request);
}

export async function plantSecrets(): Promise<Secrets> {
  const token = () => Math.random().toString(36).slice(2, 12);
  const secrets: Secrets = { httpOnlyCookie: token(), pageCookie: token(), localStorage: token(), indexedDB: token() };
  await fetch(`/hostile/set-cookie?name=hostile_secret&value=${secrets.httpOnlyCookie}`);
  document.cookie = `page_secret=${secrets.pageCookie}; path=/`;
  localStorage.setItem('hostile-secret', secrets.localStorage);
  const db = await openDatabase();
  const write = db.transaction(STORE, 'readwrite');
  write.objectStore(STORE).put(secrets.indexedDB, 'secret');
  await new Promise((resolve) => (write.oncomplete = resolve));
  // Closed, so that a deleteDatabase from an attacker on this origin would go through instead of being blocked.
  db.close();
  return secrets;
}

/** Every secret is still in place, as the page planted it. */
export async function secretsIntact(secrets: Secrets): Promise<Record<string, boolean>> {
  const cookie = await (await fetch('/hostile/has-cookie?name=hostile_secret')).json();
  const databases = (await indexedDB.databases()).map((each) => each.name);
  let record: unknown;
  if (databases.includes(DB)) {
    const db = await openDatabase();
    record = await idb(db.transaction(STORE).objectStore(STORE).get('secret'));
    db.close();
  }
  return {
    httpOnlyCookie: cookie === secrets.httpOnlyCookie,
    pageCookie: document.cookie.includes(`page_secret=${secrets.pageCookie}`),
    localStorage: localStorage.getItem('hostile-secret') === secrets.localStorage,
    indexedDB: record === secrets.indexedDB,
  };
}

/** Whether any value of `secrets` appears in `text`. */
export function leaks(text: string, secrets: Secrets): boolean {
  return Object.values(secrets).some((secret) => text.includes(secret));
}

/** Cookie headers the server saw on /hostile/echo requests made with `probe`. */
export async function seenByServer(probe: string): Promise<string[]> {
  return (await fetch(`/hostile/seen?probe=${encodeURIComponent(probe)}`)).json();
}

/** Listens for anything posted to this window or on a BroadcastChannel an attacker might use. */
export function listenForMessages(channelName: string): { stop(): unknown[] } {
  const heard: unknown[] = [];
  const onMessage = (event: MessageEvent) => {
    if (typeof event.data === 'string' && event.data.includes('hostile')) heard.push(event.data);
  };
  const channel = new BroadcastChannel(channelName);
  channel.onmessage = (event) => heard.push(event.data);
  window.addEventListener('message', onMessage);
  return {
    stop() {
      channel.close();
      window.removeEventListener('message', onMessage);
      return heard;
    },
  };
}

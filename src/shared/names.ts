/** "Ana" from "Ana Souza": how a person is greeted, by the server, the CLI and the web app alike. */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

/** `"Name" <address>`, with the characters that would break the header out of the name. */
export function displayFrom(name: string | null | undefined, address: string): string {
  return name ? `"${name.replace(/["\\\r\n]/g, '')}" <${address}>` : address;
}

/** The sender of mail Followthrough writes itself (digests, test mail), on the public host's name. */
export function systemSender(baseUrl: string): string {
  return `Followthrough <no-reply@${new URL(baseUrl).hostname}>`;
}

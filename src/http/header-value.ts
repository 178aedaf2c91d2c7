/** The first value of a header as undici reports it (a repeated header arrives as an array). Pure. */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

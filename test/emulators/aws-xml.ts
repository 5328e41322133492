// Tiny XML writer for the AWS emulator: elements from already-serialised children, text escaped.
export type Xml = string;

export function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[char]!,
  );
}

/** `<name attrs>children</name>`; undefined children are dropped; no children gives `<name/>`. */
export function el(name: string, ...children: (Xml | undefined | false)[]): Xml {
  const [tag] = name.split(' ');
  const content = children.filter((child): child is Xml => typeof child === 'string').join('');
  return content === '' ? `<${name}/>` : `<${name}>${content}</${tag}>`;
}

/** A leaf element with escaped text; nothing when the value is undefined. */
export function leaf(name: string, value: string | number | boolean | undefined): Xml | undefined {
  return value === undefined ? undefined : `<${name}>${escapeXml(String(value))}</${name}>`;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

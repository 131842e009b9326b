import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { UpstreamError } from '../errors/index.ts';
import type { SourceName } from './http.ts';

/**
 * Parses an XML body, or throws UpstreamError `bad_response` when it is not well-formed.
 * Text values stay strings (`parseTagValue: false`): an id like 2401.10000 must not become a number.
 */
export function parseXml(text: string, service: SourceName, arrays: ReadonlySet<string>): Record<string, unknown> {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new UpstreamError(service, 'bad_response', `malformed XML: ${valid.err.msg} (line ${valid.err.line})`);
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: (name) => arrays.has(name),
  });
  const parsed: unknown = parser.parse(text);
  if (!parsed || typeof parsed !== 'object') throw new UpstreamError(service, 'bad_response', 'empty XML document');
  return parsed as Record<string, unknown>;
}

/** The text of an element that may carry attributes ({ '#text': … }) or be empty. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object' && '#text' in value) return textOf((value as { '#text': unknown })['#text']);
  return undefined;
}

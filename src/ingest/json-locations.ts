import { printParseErrorCode, visit } from 'jsonc-parser';

// Strict JSON, as JSON.parse reads it. jsonc-parser is used only to say *where* things are:
// JSON.parse's messages give no position for an unexpected token, and no lines for array elements.
const STRICT = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false } as const;

export interface JsonError {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units as editors count them. */
  readonly column: number;
  /** What is wrong there, e.g. "value expected". */
  readonly reason: string;
}

/** The first syntax error in `text`, or undefined when it is valid JSON. */
export function firstJsonError(text: string): JsonError | undefined {
  let found: JsonError | undefined;
  visit(
    text,
    {
      onError: (code, _offset, _length, line, column) => {
        found ??= {
          line: line + 1,
          column: column + 1,
          reason: printParseErrorCode(code)
            .replace(/([a-z])([A-Z])/g, '$1 $2')
            .toLowerCase(),
        };
      },
    },
    STRICT,
  );
  return found;
}

/** The 1-based line on which each element of the top-level JSON array in `text` starts. */
export function arrayElementLines(text: string): number[] {
  const lines: number[] = [];
  let depth = 0;
  const element = (line: number) => {
    if (depth === 1) lines.push(line + 1);
  };
  visit(
    text,
    {
      onObjectBegin: (_offset, _length, line) => {
        element(line);
        depth++;
      },
      onObjectEnd: () => {
        depth--;
      },
      onArrayBegin: (_offset, _length, line) => {
        element(line);
        depth++;
      },
      onArrayEnd: () => {
        depth--;
      },
      onLiteralValue: (_value, _offset, _length, line) => element(line),
    },
    STRICT,
  );
  return lines;
}

// windows-iana's ES module build: the package's main entry is a CommonJS development build that
// Node parses with the CommonJS lexer at every start (about 15 ms of `kairos ics inspect`); the
// ES build holds the same functions and data.
declare module 'windows-iana/dist/windows-iana.esm.js' {
  export * from 'windows-iana';
}

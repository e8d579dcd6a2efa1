// A throwaway certificate authority per test run, so HTTPS tests never disable verification:
// the trusted CA signs a leaf for localhost / 127.0.0.1 / ::1, passed to the fetcher (or via
// KAIROS_CALENDAR_CA_FILE); a second, untrusted CA signs an identical leaf that must fail
// with tls_error. Generated once per process (EC keys: a few milliseconds each).
import { generate } from 'selfsigned';

export type TestCertificate = { key: string; cert: string };
export type TestCa = {
  /** PEM of the CA the fetcher should trust */
  caPem: string;
  /** leaf signed by `caPem`, valid for localhost, 127.0.0.1 and ::1 */
  leaf: TestCertificate;
  /** a CA nobody trusts and a leaf it signed for the same names */
  untrusted: { caPem: string; leaf: TestCertificate };
};

let testCa: Promise<TestCa> | undefined;

export function createTestCa(): Promise<TestCa> {
  testCa ??= buildTestCa();
  return testCa;
}

async function buildTestCa(): Promise<TestCa> {
  const trusted = await generateCa('Kairos Test CA');
  const untrusted = await generateCa('Kairos Untrusted Test CA');
  return {
    caPem: trusted.cert,
    leaf: await generateLeaf(trusted),
    untrusted: { caPem: untrusted.cert, leaf: await generateLeaf(untrusted) },
  };
}

function validity() {
  const notBeforeDate = new Date(Date.now() - 60 * 60 * 1000);
  const notAfterDate = new Date(Date.now() + 7 * 24 * 60 * 60 * 1000);
  return { notBeforeDate, notAfterDate };
}

async function generateCa(commonName: string): Promise<TestCertificate> {
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ...validity(),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

async function generateLeaf(ca: TestCertificate): Promise<TestCertificate> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ...validity(),
    ca,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

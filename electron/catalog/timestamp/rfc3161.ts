// RFC 3161 time-stamp requests and replies, built and read with pkijs/asn1js (a maintained ASN.1 and
// CMS library, so no DER is written by hand here), and the offline check of a stored reply:
//   1. the reply is a granted TimeStampResp whose token is CMS SignedData over a TSTInfo;
//   2. the TSTInfo's message imprint is SHA-256 and equals the digest of the stamped data;
//   3. the CMS signature verifies with the signer certificate carried in the token, whose
//      extendedKeyUsage says timeStamping; genTime falls within that certificate's validity.
// Whether the TSA's certificate chains to a root the reader trusts is the reader's decision (we have
// no trust store offline): the check names the certificate's subject and issuer, and the README
// shows the `openssl ts -verify -CAfile` command that answers it.
import { createHash, randomBytes, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

const SHA256_OID = '2.16.840.1.101.3.4.2.1';
const TST_INFO_OID = '1.2.840.113549.1.9.16.1.4';
const CONTENT_TYPE_ATTR = '1.2.840.113549.1.9.3';
const EKU_OID = '2.5.29.37';
const TIME_STAMPING_OID = '1.3.6.1.5.5.7.3.8';
const COMMON_NAME_OID = '2.5.4.3';
const ORGANIZATION_OID = '2.5.4.10';

let engineSet = false;
function engine(): void {
  if (engineSet) return;
  pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as Crypto }));
  engineSet = true;
}

const ab = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
const hex = (b: ArrayBuffer | Uint8Array) => Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('hex');

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export interface TimeStampRequest {
  der: Buffer;
  /** The nonce sent, as hex: the reply must carry the same one (a replayed or foreign reply does not). */
  nonceHex: string;
  digestHex: string;
}

/** A request for a SHA-256 digest (64 hex digits), with a fresh 64-bit nonce and the TSA's certificate asked for. */
export function buildRequest(digestHex: string): TimeStampRequest {
  if (!/^[0-9a-f]{64}$/.test(digestHex)) throw new Error(`Not a SHA-256 digest: ${JSON.stringify(digestHex)}.`);
  // A positive INTEGER: the top bit of the first byte clear.
  const nonce = randomBytes(8);
  nonce[0]! &= 0x7f;
  nonce[0]! |= 0x01;
  const req = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA256_OID, algorithmParams: new asn1js.Null() }),
      hashedMessage: new asn1js.OctetString({ valueHex: ab(Buffer.from(digestHex, 'hex')) }),
    }),
    nonce: new asn1js.Integer({ valueHex: ab(nonce) }),
    certReq: true,
  });
  return { der: Buffer.from(req.toSchema().toBER(false)), nonceHex: nonce.toString('hex'), digestHex };
}

export interface TokenFacts {
  genTime: string;
  serialHex: string;
  policy: string;
  imprintHex: string;
  imprintAlgorithm: string;
  nonceHex: string | null;
  /** The signer certificate's subject and issuer, e.g. "CN=Test TSA, O=…". */
  tsaSubject: string | null;
  tsaIssuer: string | null;
}

export interface TokenCheck extends TokenFacts {
  ok: boolean;
  /** One sentence: what was checked, or what does not fit. */
  detail: string;
}

export class TokenError extends Error {}

function names(rdn: pkijs.RelativeDistinguishedNames): string {
  const label: Record<string, string> = { [COMMON_NAME_OID]: 'CN', [ORGANIZATION_OID]: 'O' };
  return rdn.typesAndValues
    .filter((t) => label[t.type])
    .map((t) => `${label[t.type]}=${String((t.value.valueBlock as { value?: unknown }).value ?? '')}`)
    .join(', ');
}

interface Parsed {
  status: number;
  statusText: string;
  signed: pkijs.SignedData | null;
  tst: pkijs.TSTInfo | null;
}

/** Reads a TimeStampResp (what a TSA sends and what we store). Throws TokenError on anything that is not one. */
function parseReply(der: Buffer): Parsed {
  engine();
  let resp: pkijs.TimeStampResp;
  try {
    resp = pkijs.TimeStampResp.fromBER(ab(der));
  } catch {
    throw new TokenError('it is not an RFC 3161 time-stamp reply (the bytes do not decode as a TimeStampResp).');
  }
  const status = resp.status.status;
  const statusText = (resp.status.statusStrings ?? []).map((s) => s.valueBlock.value).join('; ');
  if (!resp.timeStampToken) return { status, statusText, signed: null, tst: null };
  if (resp.timeStampToken.contentType !== pkijs.ContentInfo.SIGNED_DATA) throw new TokenError('its token is not CMS SignedData.');
  let signed: pkijs.SignedData;
  let tst: pkijs.TSTInfo;
  try {
    signed = new pkijs.SignedData({ schema: resp.timeStampToken.content });
    if (signed.encapContentInfo.eContentType !== TST_INFO_OID || !signed.encapContentInfo.eContent) throw new Error('no TSTInfo');
    tst = pkijs.TSTInfo.fromBER(signed.encapContentInfo.eContent.getValue());
  } catch {
    throw new TokenError('its token does not carry a readable TSTInfo.');
  }
  return { status, statusText, signed, tst };
}

function facts(p: Parsed): TokenFacts {
  const tst = p.tst!;
  const cert = signerCertificate(p.signed!);
  return {
    genTime: tst.genTime.toISOString(),
    serialHex: hex(tst.serialNumber.valueBlock.valueHexView),
    policy: tst.policy,
    imprintHex: hex(tst.messageImprint.hashedMessage.valueBlock.valueHexView),
    imprintAlgorithm: tst.messageImprint.hashAlgorithm.algorithmId,
    nonceHex: tst.nonce ? hex(tst.nonce.valueBlock.valueHexView) : null,
    tsaSubject: cert ? names(cert.subject) : null,
    tsaIssuer: cert ? names(cert.issuer) : null,
  };
}

function signerCertificate(signed: pkijs.SignedData): pkijs.Certificate | null {
  const si = signed.signerInfos[0];
  if (!si || !(si.sid instanceof pkijs.IssuerAndSerialNumber)) {
    // Identified by key id: the one certificate whose key verifies is found by pkijs; name the first.
    return (signed.certificates ?? []).find((c): c is pkijs.Certificate => c instanceof pkijs.Certificate) ?? null;
  }
  const sid = si.sid;
  return (signed.certificates ?? []).find((c): c is pkijs.Certificate => c instanceof pkijs.Certificate && c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber)) ?? null;
}

/**
 * What the TSA sent back, checked as it arrives: granted, a token over our digest, our nonce, a
 * valid signature. Throws TokenError (the reply is refused and nothing is stored) otherwise.
 */
export async function acceptReply(der: Buffer, req: TimeStampRequest): Promise<TokenFacts> {
  const p = parseReply(der);
  if (p.status !== 0 && p.status !== 1) throw new TokenError(`the time-stamping authority refused the request (status ${p.status}${p.statusText ? `: ${p.statusText}` : ''}).`);
  if (!p.tst) throw new TokenError('the reply grants the request but carries no token.');
  const f = facts(p);
  if (f.nonceHex === null || BigInt(`0x${f.nonceHex}`) !== BigInt(`0x${req.nonceHex}`)) {
    throw new TokenError(`the reply's nonce (${f.nonceHex ?? 'none'}) is not the one sent (${req.nonceHex}): it answers another request.`);
  }
  const check = await checkToken(der, req.digestHex);
  if (!check.ok) throw new TokenError(check.detail);
  return f;
}

/** The offline check of a stored reply against the digest (SHA-256, hex) of what it should stamp. */
export async function checkToken(der: Buffer, digestHex: string): Promise<TokenCheck> {
  let p: Parsed;
  try {
    p = parseReply(der);
  } catch (e) {
    return { ...emptyFacts(), ok: false, detail: `The token is unreadable: ${(e as Error).message}` };
  }
  if (!p.tst || !p.signed) return { ...emptyFacts(), ok: false, detail: `The reply holds no token (status ${p.status}${p.statusText ? `: ${p.statusText}` : ''}).` };
  const f = facts(p);
  const bad = (detail: string): TokenCheck => ({ ...f, ok: false, detail });
  if (f.imprintAlgorithm !== SHA256_OID) return bad(`The token stamps a digest made with algorithm ${f.imprintAlgorithm}, not SHA-256.`);
  if (f.imprintHex !== digestHex.toLowerCase()) return bad(`The token stamps SHA-256 ${f.imprintHex}, but the data's SHA-256 is ${digestHex}: the data changed after it was time-stamped (or the token belongs to other data).`);
  const signer = signerCertificate(p.signed);
  if (!signer) return bad('The token does not carry the time-stamping authority’s certificate, so its signature cannot be checked offline.');
  const eku = signer.extensions?.find((e) => e.extnID === EKU_OID);
  if (!eku || !(eku.parsedValue instanceof pkijs.ExtKeyUsage) || !eku.parsedValue.keyPurposes.includes(TIME_STAMPING_OID)) {
    return bad(`The signer certificate (${f.tsaSubject}) is not a time-stamping certificate (no extendedKeyUsage timeStamping).`);
  }
  const genTime = new Date(f.genTime);
  if (genTime < signer.notBefore.value || genTime > signer.notAfter.value) return bad(`The time ${f.genTime} is outside the signer certificate’s validity (${signer.notBefore.value.toISOString()} to ${signer.notAfter.value.toISOString()}).`);
  const si = p.signed.signerInfos[0]!;
  const contentType = si.signedAttrs?.attributes.find((a) => a.type === CONTENT_TYPE_ATTR);
  const ct = contentType?.values[0] as asn1js.ObjectIdentifier | undefined;
  if (!ct || ct.valueBlock.toString() !== TST_INFO_OID) return bad('The signature does not cover a TSTInfo (signed content-type attribute missing or wrong).');
  // pkijs's SignedData.verify, given a TSTInfo, insists on re-hashing the stamped data itself; a
  // chain head travels only as its digest, so the imprint is compared above and the CMS signature
  // (message-digest attribute over the TSTInfo, signature over the signed attributes with the
  // signer's key) is verified on a view of the same SignedData typed as plain data.
  const asData = new pkijs.SignedData({
    version: p.signed.version,
    digestAlgorithms: p.signed.digestAlgorithms,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: pkijs.ContentInfo.DATA, eContent: p.signed.encapContentInfo.eContent }),
    certificates: p.signed.certificates,
    signerInfos: p.signed.signerInfos,
  });
  try {
    const ok = await asData.verify({ signer: 0, checkChain: false });
    if (!ok) return bad(`The token's signature does not verify with the certificate of ${f.tsaSubject}: the token was altered.`);
  } catch (e) {
    return bad(`The token's signature does not verify: ${(e as Error).message}.`);
  }
  return { ...f, ok: true, detail: `Time-stamped ${f.genTime} by ${f.tsaSubject} (issued by ${f.tsaIssuer}); imprint matches, signature verifies.` };
}

function emptyFacts(): TokenFacts {
  return { genTime: '', serialHex: '', policy: '', imprintHex: '', imprintAlgorithm: '', nonceHex: null, tsaSubject: null, tsaIssuer: null };
}

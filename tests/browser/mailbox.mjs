// The test stack's dev mailbox and database, for browser tests that need a customer of their own
// and the email the portal sends them.
//
// portal-mailer --watch delivers every queued email as one .eml file (MIME, as a real mail server
// would receive it) into $PORTAL_TEST_VAR/mail/. waitForEmail reads those files the way a mail
// client would: headers unfolded, RFC 2047 subjects decoded, multipart walked, quoted-printable
// and base64 bodies decoded, the text/plain part picked.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export const VAR = process.env.PORTAL_TEST_VAR;
export const MAIL_DIR = VAR ? path.join(VAR, 'mail') : null;

function needVar() {
  if (!VAR) {
    throw new Error('PORTAL_TEST_VAR is not set: run the browser tests through tests/run.sh, ' +
      'or export the directory of a stack started with scripts/stack.sh');
  }
}

// ---- the database -----------------------------------------------------------------------------

// Runs SQL against the stack's PostgreSQL and returns psql's unaligned, tuples-only output.
// The socket directory is reachable only by the stack's owner, which is `portal` when the stack
// was started by root (scripts/stack.sh), so root runs psql as that account.
export function sql(statement) {
  needVar();
  const psql = ['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', path.join(VAR, 'run', 'pg'),
    '-U', 'portal', '-d', 'portal', '-tA', '-c', statement];
  const [cmd, args] = process.getuid?.() === 0
    ? ['runuser', ['-u', 'portal', '--', ...psql]]
    : [psql[0], psql.slice(1)];
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

// Creates a customer of the garage with first name Test and returns their (new, unique) address,
// so no two tests share rate limits, tokens or sessions.
export function newCustomer({ garage = 'smiths', firstName = 'Test', lastName = 'Customer' } = {}) {
  const email = `bt-${randomBytes(6).toString('hex')}@example.com`;
  const quote = (s) => `'${String(s).replaceAll("'", "''")}'`;
  const id = sql('INSERT INTO customers (garage_id, email, first_name, last_name) ' +
    `SELECT id, ${quote(email)}, ${quote(firstName)}, ${quote(lastName)} FROM garages ` +
    `WHERE subdomain = ${quote(garage)} RETURNING id`);
  if (!/^\d+$/.test(id)) {
    throw new Error(`could not create a customer of "${garage}" (is the demo data loaded?): ${id}`);
  }
  return email;
}

// ---- MIME -------------------------------------------------------------------------------------
// Everything is parsed as a 'latin1' string, which maps bytes 1:1 to characters, so the bytes of
// a body survive until it is decoded with its own charset.

function splitMessage(raw) {
  const m = /\r?\n\r?\n/.exec(raw);
  return m ? [raw.slice(0, m.index), raw.slice(m.index + m[0].length)] : [raw, ''];
}

function parseHeaders(block) {
  const headers = new Map();
  const unfolded = block.replace(/\r?\n(?=[ \t])/g, '');
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

// 'multipart/alternative; boundary="b1"; charset=utf-8' → { type, params: { boundary, charset } }
function parseContentType(value) {
  const [type, ...rest] = (value || 'text/plain; charset=us-ascii').split(';');
  const params = {};
  for (const part of rest) {
    const m = /^\s*([^=\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;]*))/.exec(part);
    if (m) params[m[1].toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
  }
  return { type: type.trim().toLowerCase(), params };
}

function decodeBytes(bytes, charset = 'utf-8') {
  try {
    return new TextDecoder(charset.toLowerCase() === 'us-ascii' ? 'utf-8' : charset).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function qpBytes(text) {
  const soft = text.replace(/=\r?\n/g, '');
  return Buffer.from(soft.replace(/=([0-9A-Fa-f]{2})/g,
    (_, hex) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
}

function bodyBytes(body, encoding) {
  switch ((encoding || '7bit').trim().toLowerCase()) {
    case 'quoted-printable': return qpBytes(body);
    case 'base64': return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
    default: return Buffer.from(body, 'latin1');
  }
}

// RFC 2047 encoded words in a header ("=?UTF-8?Q?Smith=27s_Garage?=").
export function decodeHeader(value) {
  if (!value) return '';
  const word = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')  // space between words is dropped
    .replace(word, (_, charset, enc, text) => {
      const bytes = enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g,
          (__, hex) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
      return decodeBytes(bytes, charset);
    });
}

// Every leaf part of a message: [{ type, disposition, text }].
function leafParts(raw, depth = 0) {
  const [head, body] = splitMessage(raw);
  const headers = parseHeaders(head);
  const ct = parseContentType(headers.get('content-type'));
  if (ct.type.startsWith('multipart/') && ct.params.boundary && depth < 8) {
    const delimiter = `--${ct.params.boundary}`;
    const lines = body.split(/\r?\n/);
    const parts = [];
    let current = null;
    for (const line of lines) {
      if (line === `${delimiter}--` || line.trimEnd() === `${delimiter}--`) {
        if (current) parts.push(current.join('\r\n'));
        current = null;
        break;
      }
      if (line.trimEnd() === delimiter) {
        if (current) parts.push(current.join('\r\n'));
        current = [];
      } else if (current) {
        current.push(line);
      }
    }
    return parts.flatMap((p) => leafParts(p, depth + 1));
  }
  const text = decodeBytes(bodyBytes(body, headers.get('content-transfer-encoding')),
    ct.params.charset || 'utf-8');
  return [{ type: ct.type, disposition: (headers.get('content-disposition') || '').toLowerCase(), text }];
}

// Parses one .eml file's bytes: { to, subject, headers, text, html }.
export function parseEmail(buffer) {
  const raw = buffer.toString('latin1');
  const [head] = splitMessage(raw);
  const headers = parseHeaders(head);
  const parts = leafParts(raw).filter((p) => !p.disposition.startsWith('attachment'));
  const plain = parts.find((p) => p.type === 'text/plain');
  const html = parts.find((p) => p.type === 'text/html');
  return {
    headers,
    to: decodeHeader(headers.get('to')),
    subject: decodeHeader(headers.get('subject')),
    text: plain ? plain.text.replace(/\r\n/g, '\n') : null,
    html: html ? html.text : null,
  };
}

const LINK = /https?:\/\/[^\s<>"']+\/auth\/[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/;
// The code as the email shows it ("123 456"), on the line that introduces it.
const CODE = /code[^\n]*?\b(\d{3} \d{3})\b/i;

// ---- waiting for an email ---------------------------------------------------------------------

async function emlFiles(dir) {
  let names;
  try {
    names = await readdir(dir, { recursive: true });
  } catch (err) {
    if (err.code === 'ENOENT') return [];
    throw err;
  }
  const files = [];
  for (const name of names) {
    if (!name.endsWith('.eml')) continue;
    const file = path.join(dir, name);
    try {
      const s = await stat(file);
      if (s.isFile()) files.push({ file, mtimeMs: s.mtimeMs });
    } catch { /* removed in between */ }
  }
  return files;
}

// Polls the dev mailbox until the newest .eml addressed to `to`, written at or after `after`
// (and whose subject contains `subject`, when given), holds a plain-text part with an /auth/
// link, and returns { link, code, subject, text, html, file }. `code` is the 6-digit code as
// the email prints it ("123 456"), or null when the email has none (a password reset).
// Throws after `timeout` ms, saying what it found instead.
export async function waitForEmail(to, { after = new Date(0), subject = null, timeout = 10_000,
  interval = 100 } = {}) {
  needVar();
  const since = after.getTime();
  const want = to.toLowerCase();
  const deadline = Date.now() + timeout;
  let problem = 'no .eml file written since then';
  for (;;) {
    const files = (await emlFiles(MAIL_DIR))
      .filter((f) => f.mtimeMs >= since)
      .sort((a, b) => b.mtimeMs - a.mtimeMs);
    for (const { file } of files) {
      let mail;
      try {
        mail = parseEmail(await readFile(file));
      } catch (err) {
        problem = `${path.basename(file)} could not be parsed: ${err.message}`;
        continue;
      }
      if (!mail.to.toLowerCase().includes(want)) continue;
      if (subject && !mail.subject.includes(subject)) {
        problem = `the newest email to ${to} has the subject "${mail.subject}"`;
        continue;
      }
      if (mail.text === null) {
        problem = `${path.basename(file)} to ${to} has no text/plain part`;
        break;  // perhaps still being written; look again
      }
      const link = LINK.exec(mail.text);
      if (!link) {
        problem = `${path.basename(file)} to ${to} has no /auth/ link in its text:\n${mail.text}`;
        break;
      }
      const code = CODE.exec(mail.text);
      return { link: link[0], code: code ? code[1] : null, subject: mail.subject, text: mail.text,
        html: mail.html, file };
    }
    if (Date.now() >= deadline) {
      throw new Error(`no email to ${to} in ${MAIL_DIR} within ${timeout} ms ` +
        `(since ${after.toISOString()}): ${problem}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

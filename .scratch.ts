import { CsvTokenizer, VcardSplitter } from './src/core/textRecords.js';
const dec = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
function run(text: string, chunk = 3, opts = {}) {
  const t = new CsvTokenizer(',', { decode: dec, ...opts });
  const bytes = Buffer.from(text);
  const out = [];
  for (let i = 0; i < bytes.length; i += chunk) out.push(...t.push(bytes.subarray(i, i + chunk)));
  out.push(...t.end());
  return out;
}
const input = 'a,b\r\n1,"x\r\ny"\r\n\r\n2,z\r\n3,"bro"ken\r\n4,ok\r\n5,"unterminated\r\n6,q\r\n7,"a""b",\n';
for (const c of [1, 2, 5, 1000]) console.log(c, JSON.stringify(run(input, c)));
console.log(JSON.stringify(run(input, 4, { resume: { offset: 31, line: 6 } })));
console.log(JSON.stringify(run('a,b\n' + 'x'.repeat(50) + ',y\n"' + 'z\n'.repeat(30) + '\nq,r', 7, { maxRecordBytes: 20 })));
const v = new VcardSplitter({ decode: dec });
const vc = 'junk\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\n  Lee\r\nNOTE;ENCODING=QUOTED-PRINTABLE:a=\r\nb\r\nEND:VCARD\r\nBEGIN:VCARD\nFN:x\nBEGIN:VCARD\nFN:y\nEND:VCARD\nBEGIN:VCARD\nFN:z';
const vb = Buffer.from(vc); const vo = [];
for (let i = 0; i < vb.length; i += 2) vo.push(...v.push(vb.subarray(i, i + 2)));
vo.push(...v.end());
console.log(JSON.stringify(vo, null, 0));

// UTF-8 TextEncoder and TextDecoder for mini-program runtimes that lack them (the wasm-bindgen
// glue needs both). Installs them on the global object only when missing. No eval, no Function.
/* eslint-disable no-bitwise */
(function install(g) {
  if (typeof g.TextEncoder === 'undefined') {
    class TextEncoder {
      get encoding() { return 'utf-8'; }
      encode(input = '') {
        const s = String(input);
        const out = [];
        for (let i = 0; i < s.length; i++) {
          let c = s.charCodeAt(i);
          if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
            const d = s.charCodeAt(i + 1);
            if (d >= 0xdc00 && d <= 0xdfff) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++; } else c = 0xfffd;
          } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
          if (c < 0x80) out.push(c);
          else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
          else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
          else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
        }
        return new Uint8Array(out);
      }
      encodeInto(input, dest) {
        const bytes = this.encode(input);
        const n = Math.min(bytes.length, dest.length);
        dest.set(bytes.subarray(0, n));
        return { read: String(input).length, written: n };
      }
    }
    g.TextEncoder = TextEncoder;
  }
  if (typeof g.TextDecoder === 'undefined') {
    class TextDecoder {
      constructor(label = 'utf-8', options = {}) {
        if (!/^utf-?8$/i.test(label)) throw new RangeError(`unsupported encoding ${label}`);
        this.ignoreBOM = Boolean(options.ignoreBOM);
      }
      get encoding() { return 'utf-8'; }
      decode(input) {
        if (input === undefined) return '';
        const b = input instanceof Uint8Array ? input : new Uint8Array(input.buffer || input, input.byteOffset || 0, input.byteLength);
        let i = 0;
        if (!this.ignoreBOM && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3;
        const units = [];
        let out = '';
        while (i < b.length) {
          const c = b[i];
          let cp = 0xfffd;
          let n = 1;
          if (c < 0x80) cp = c;
          else if (c >= 0xc2 && c < 0xe0 && (b[i + 1] & 0xc0) === 0x80) { cp = ((c & 31) << 6) | (b[i + 1] & 63); n = 2; }
          else if (c >= 0xe0 && c < 0xf0 && (b[i + 1] & 0xc0) === 0x80 && (b[i + 2] & 0xc0) === 0x80) {
            cp = ((c & 15) << 12) | ((b[i + 1] & 63) << 6) | (b[i + 2] & 63); n = 3;
            if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)) cp = 0xfffd;
          } else if (c >= 0xf0 && c < 0xf5 && (b[i + 1] & 0xc0) === 0x80 && (b[i + 2] & 0xc0) === 0x80 && (b[i + 3] & 0xc0) === 0x80) {
            cp = ((c & 7) << 18) | ((b[i + 1] & 63) << 12) | ((b[i + 2] & 63) << 6) | (b[i + 3] & 63); n = 4;
            if (cp < 0x10000 || cp > 0x10ffff) cp = 0xfffd;
          }
          i += n;
          if (cp > 0xffff) { cp -= 0x10000; units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 1023)); } else units.push(cp);
          if (units.length > 4096) { out += String.fromCharCode.apply(null, units); units.length = 0; }
        }
        return out + String.fromCharCode.apply(null, units);
      }
    }
    g.TextDecoder = TextDecoder;
  }
}(typeof globalThis !== 'undefined' ? globalThis : this));

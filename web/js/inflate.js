// inflate.js — the zlib inflater for browsers without DecompressionStream (Firefox < 113, Safari <
// 16.4). The single file carries it as a non-executed block; boot.js runs it only there.
import { unzlibSync } from 'fflate';

globalThis.referralInflate = unzlibSync;

// Decoders whose contract is a typed error: on any bytes they return a value or throw their own
// error class, never a TypeError or RangeError from a read past the end, a recursion or a BigInt.
import fc from 'fast-check';
import { BsonError, decodeDocument, decodeDocumentAt, MAX_DEPTH } from '../../../src/probes/wire/bson.js';
import { CqlBodyError, decodeMessage, parseFrame } from '../../../src/probes/wire/cassandra.js';
import { throwsOnlyTyped } from './contract.js';
import { cqlFrame } from './frames/cassandra.js';
import { bsonDocuments, nestedDocument } from './frames/mongodb.js';
import { mutated } from './bytes.js';

/** decodeDocument and decodeDocumentAt (at any offset) throw BsonError or nothing. */
export function bsonThrowsOnlyBsonError() {
  return fc.property(bsonDocuments, fc.nat(), (bytes, offset) => {
    throwsOnlyTyped(() => decodeDocument(bytes), BsonError);
    throwsOnlyTyped(() => decodeDocumentAt(bytes, offset % (bytes.length + 1)), BsonError);
  });
}

/** Nesting past MAX_DEPTH is BsonError 'too-deep', however deep (no stack overflow); at the limit it decodes. */
export function bsonDepthIsBounded() {
  return fc.property(fc.integer({ min: 0, max: 5000 }), fc.boolean(), (depth, asArray) => {
    const bytes = nestedDocument(depth, asArray);
    try {
      decodeDocument(bytes);
      if (depth > MAX_DEPTH) throw new Error(`decoded a document nested ${depth} deep`);
    } catch (error) {
      if (!(error instanceof BsonError) || error.reason !== 'too-deep') throw error;
      if (depth <= MAX_DEPTH) throw new Error(`refused a document nested only ${depth} deep`, { cause: error });
    }
  });
}

/** A frame parseFrame accepted decodes to a message or CqlBodyError, whatever its body and flags. */
export function cqlBodyThrowsOnlyCqlBodyError() {
  return fc.property(mutated(cqlFrame), (bytes) => {
    const frame = parseFrame(bytes);
    if (frame.state === 'matched') throwsOnlyTyped(() => decodeMessage(frame.value), CqlBodyError);
  });
}

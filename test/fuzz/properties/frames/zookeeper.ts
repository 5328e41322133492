// ZooKeeper's answer to `mntr`: tab-separated zk_ lines, or the whitelist refusal, or "not serving".
import fc from 'fast-check';
import { observationFromMntr, parseMntrReply, type MntrReply } from '../../../../src/probes/wire/zookeeper.js';
import { LARGE, type ProtocolFuzz } from '../decoder.js';
import { recordedWire } from '../recorded.js';
import { mutated, repeatedTo, textOf } from '../bytes.js';

const line = fc.oneof(
  fc.constantFrom(
    'zk_version\t3.8.0-5a02a05eddb59aee6ac762f7ea82e92a68eb9c0f, built on 2022-02-25 08:49 UTC',
    'zk_version\t',
    'zk_server_state\tstandalone',
    'zk_znode_count\t5',
    'zk_approximate_data_size\t99999999999999999999',
    'zk_num_alive_connections\t1',
  ),
  fc
    .tuple(textOf(['zk_', 'version', 'x', '_']), textOf(['1', '.', '\t', ' ', 'a']))
    .map(([name, value]) => `${name}\t${value}`),
);
const mntr = fc.array(line, { maxLength: 10 }).map((lines) => lines.join('\n'));
const reply = fc
  .oneof(
    mntr,
    fc.constantFrom(
      'mntr is not executed because it is not in the whitelist.\n',
      'This ZooKeeper instance is not currently serving requests\n',
      'mntr is not executed because',
    ),
  )
  .map((text) => Buffer.from(text, 'latin1'));

export const zookeeperFuzz: ProtocolFuzz = {
  decoders: [
    {
      name: 'ZooKeeper mntr reply',
      parse: parseMntrReply,
      inputs: mutated(
        fc.oneof(
          { weight: 4, arbitrary: reply },
          { weight: 1, arbitrary: fc.constantFrom(...recordedWire('zookeeper')) },
        ),
      ),
      observe: (value: MntrReply) => observationFromMntr(value),
      large: fc.oneof(
        repeatedTo(LARGE, fc.constantFrom(Buffer.from('zk_a\tb\n'), Buffer.from('zk_version\t'), Buffer.from('\n'))),
      ),
    },
  ],
  recognizers: [],
};

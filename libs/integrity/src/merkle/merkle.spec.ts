import { CompactRange } from './compact-range';
import { memoryTree } from './memory-tree';
import { EMPTY_ROOT, leafHash, nodeHash } from './merkle-hash';
import {
  consistencyProof,
  inclusionProof,
  rootFromInclusionProof,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
} from './proofs';

// Published vectors, copied from transparency-dev/merkle (Apache-2.0):
//   rfc6962/rfc6962_test.go (TestRFC6962Hasher) and proof/verify_test.go (leaves, roots,
//   inclusionProofs, consistencyProofs). Nothing here was computed by this code base.
const h = (hex: string) => Buffer.from(hex, 'hex');

const leaves = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(h);

const roots = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
].map(h);

// { leaf (1-based, as in the Go table), size, proof }
const inclusionProofs: { leaf: number; size: number; proof: string[] }[] = [
  { leaf: 1, size: 1, proof: [] },
  {
    leaf: 1,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    leaf: 6,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    leaf: 3,
    size: 3,
    proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'],
  },
  {
    leaf: 2,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];

const consistencyProofs: { size1: number; size2: number; proof: string[] }[] = [
  { size1: 1, size2: 1, proof: [] },
  {
    size1: 1,
    size2: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    size1: 6,
    size2: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    size1: 2,
    size2: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    size1: 6,
    size2: 7,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];

const leafHashes = leaves.map((leaf) => leafHash(leaf));
const tree = memoryTree(leafHashes);
const prefix = (size: number) => memoryTree(leafHashes.slice(0, size));

describe('RFC 9162 Merkle tree', () => {
  describe('hashing (rfc6962_test.go)', () => {
    it('hashes the empty tree, an empty leaf, a leaf and a node as published', () => {
      expect(EMPTY_ROOT.toString('hex')).toBe(
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      );
      expect(leafHash(Buffer.alloc(0)).toString('hex')).toBe(
        '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      );
      expect(leafHash(Buffer.from('L123456')).toString('hex')).toBe(
        '395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56',
      );
      expect(nodeHash(Buffer.from('N123'), Buffer.from('N456')).toString('hex')).toBe(
        'aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb',
      );
    });
  });

  describe('roots of the eight published leaves', () => {
    it.each(roots.map((root, i) => [i + 1, root] as const))(
      'gives the published root of size %i from stored nodes and from a compact range',
      async (size, root) => {
        expect((await treeRoot(tree.read, size)).equals(root)).toBe(true);
        const range = CompactRange.empty();
        for (const leaf of leafHashes.slice(0, size)) range.append(leaf);
        expect(range.root().equals(root)).toBe(true);
      },
    );
  });

  describe('inclusion proofs (verify_test.go inclusionProofs)', () => {
    it.each(inclusionProofs)('leaf $leaf of $size: generated as published', async (vector) => {
      const proof = await inclusionProof(prefix(vector.size).read, vector.leaf - 1, vector.size);
      expect(proof.map((p) => p.toString('hex'))).toEqual(vector.proof);
    });

    it.each(inclusionProofs)('leaf $leaf of $size: the published proof verifies', (vector) => {
      const root = roots[vector.size - 1]!;
      const leaf = leafHashes[vector.leaf - 1]!;
      const proof = vector.proof.map(h);
      expect(verifyInclusion(vector.leaf - 1, vector.size, leaf, proof, root)).toBe(true);
      expect(rootFromInclusionProof(vector.leaf - 1, vector.size, leaf, proof)?.equals(root)).toBe(
        true,
      );
    });

    it.each(inclusionProofs.filter((vector) => vector.proof.length > 0))(
      'leaf $leaf of $size: a corrupted proof, index, size, leaf or root does not verify',
      (vector) => {
        const root = roots[vector.size - 1]!;
        const leaf = leafHashes[vector.leaf - 1]!;
        const proof = vector.proof.map(h);
        const m = vector.leaf - 1;
        const n = vector.size;
        expect(verifyInclusion(m + 1, n, leaf, proof, root)).toBe(false);
        expect(verifyInclusion(m ^ 2, n, leaf, proof, root)).toBe(false);
        expect(verifyInclusion(m, n * 2, leaf, proof, root)).toBe(false);
        expect(verifyInclusion(m, n, leafHash(Buffer.from('WrongLeaf')), proof, root)).toBe(false);
        expect(verifyInclusion(m, n, leaf, proof, EMPTY_ROOT)).toBe(false);
        expect(verifyInclusion(m, n, leaf, [...proof, root], root)).toBe(false);
        expect(verifyInclusion(m, n, leaf, [root, ...proof], root)).toBe(false);
        expect(verifyInclusion(m, n, leaf, proof.slice(0, -1), root)).toBe(false);
        for (let i = 0; i < proof.length; i++) {
          const flipped = proof.map((p) => Buffer.from(p));
          flipped[i]![0]! ^= 8;
          expect(verifyInclusion(m, n, leaf, flipped, root)).toBe(false);
        }
      },
    );
  });

  describe('consistency proofs (verify_test.go consistencyProofs)', () => {
    it.each(consistencyProofs)('$size1 → $size2: generated as published', async (vector) => {
      const proof = await consistencyProof(prefix(vector.size2).read, vector.size1, vector.size2);
      expect(proof.map((p) => p.toString('hex'))).toEqual(vector.proof);
    });

    it.each(consistencyProofs)('$size1 → $size2: the published proof verifies', (vector) => {
      const proof = vector.proof.map(h);
      expect(
        verifyConsistency(
          vector.size1,
          vector.size2,
          roots[vector.size1 - 1]!,
          roots[vector.size2 - 1]!,
          proof,
        ),
      ).toBe(true);
    });

    it.each(consistencyProofs.filter((vector) => vector.proof.length > 0))(
      '$size1 → $size2: a corrupted proof, size or root does not verify',
      (vector) => {
        const proof = vector.proof.map(h);
        const { size1, size2 } = vector;
        const root1 = roots[size1 - 1]!;
        const root2 = roots[size2 - 1]!;
        expect(verifyConsistency(size1 - 1, size2, root1, root2, proof)).toBe(false);
        expect(verifyConsistency(size1 + 1, size2, root1, root2, proof)).toBe(false);
        expect(verifyConsistency(size1, size2 * 2, root1, root2, proof)).toBe(false);
        expect(verifyConsistency(size1, size2, root2, root1, proof)).toBe(false);
        expect(verifyConsistency(size1, size2, root1, root2, [])).toBe(false);
        expect(verifyConsistency(size1, size2, root1, root2, [...proof, root2])).toBe(false);
        expect(verifyConsistency(size1, size2, root1, root2, [root1, ...proof])).toBe(false);
        expect(verifyConsistency(size1, size2, root1, root2, proof.slice(0, -1))).toBe(false);
        for (let i = 0; i < proof.length; i++) {
          const flipped = proof.map((p) => Buffer.from(p));
          flipped[i]![0]! ^= 16;
          expect(verifyConsistency(size1, size2, root1, root2, flipped)).toBe(false);
        }
      },
    );

    it('accepts the sizes that are always consistent and refuses time travel', () => {
      expect(verifyConsistency(0, 1, EMPTY_ROOT, roots[0]!, [])).toBe(true);
      expect(verifyConsistency(1, 1, roots[0]!, roots[0]!, [])).toBe(true);
      expect(verifyConsistency(1, 1, roots[0]!, roots[1]!, [])).toBe(false);
      expect(verifyConsistency(2, 1, roots[1]!, roots[0]!, [])).toBe(false);
    });
  });

  describe('proofs over larger trees', () => {
    it('every inclusion and consistency proof up to 40 leaves verifies against the roots', async () => {
      const many = Array.from({ length: 40 }, (_, i) => leafHash(Buffer.from([i])));
      const big = memoryTree(many);
      const rootOf = (n: number) => {
        const range = CompactRange.empty();
        for (const leaf of many.slice(0, n)) range.append(leaf);
        return range.root();
      };
      for (let n = 1; n <= 40; n++) {
        const root = rootOf(n);
        for (let m = 0; m < n; m++) {
          const proof = await inclusionProof(big.read, m, n);
          expect(verifyInclusion(m, n, many[m]!, proof, root)).toBe(true);
        }
        for (let m = 1; m <= n; m++) {
          const proof = await consistencyProof(big.read, m, n);
          expect(verifyConsistency(m, n, rootOf(m), root, proof)).toBe(true);
        }
      }
    });
  });
});

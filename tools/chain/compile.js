#!/usr/bin/env node
// Compiles contracts/src/*.sol with the pinned solc-js (see package-lock.json) into one artifact per
// contract: { contractName, compiler, evmVersion, abi, bytecode, metadata }, plus standard-input.json: the
// compiler's standard-JSON input with every source it read (ours and OpenZeppelin's), which a source-verification
// service (Etherscan-style) takes as is; each artifact's metadata (Sourcify-style) names the same sources by hash. Settings are pinned so the output is byte-reproducible;
// tests/OliMove.Chain.Tests recompiles into a temp dir and compares with contracts/artifacts.
// Usage: node compile.js [--out DIR]   (default: <repo>/contracts/artifacts)
'use strict';
const fs = require('fs');
const path = require('path');
const solc = require('solc');

const repoRoot = path.resolve(__dirname, '..', '..');
const sourceDir = path.join(repoRoot, 'contracts', 'src');
const outIndex = process.argv.indexOf('--out');
const outDir = outIndex > 0 ? path.resolve(process.argv[outIndex + 1]) : path.join(repoRoot, 'contracts', 'artifacts');

// Must match the dev node's hardfork (anvil --hardfork prague); solc 0.8.37 defaults to osaka.
const EVM_VERSION = 'prague';
const ARTIFACTS = ['AssetRegistry', 'AssetStatus', 'AlgorithmRegistry', 'ChargingSettlement', 'FlexToken'];

const sources = {};
for (const file of fs.readdirSync(sourceDir).filter((f) => f.endsWith('.sol')).sort()) {
  // Relative unit names keep absolute paths out of the metadata hash, so any checkout compiles alike.
  sources[`contracts/src/${file}`] = { content: fs.readFileSync(path.join(sourceDir, file), 'utf8') };
}

const input = {
  language: 'Solidity',
  sources,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: EVM_VERSION,
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'metadata'] } },
  },
};

// Every source the compiler read, for standard-input.json.
const imported = {};

function findImports(importPath) {
  const file = importPath.startsWith('@openzeppelin/') ? path.join(__dirname, 'node_modules', importPath) : path.join(repoRoot, importPath);
  if (!fs.existsSync(file)) return { error: `not found: ${importPath}` };
  const contents = fs.readFileSync(file, 'utf8');
  imported[importPath] = { content: contents };
  return { contents };
}

const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const errors = (output.errors || []).filter((e) => e.severity === 'error');
for (const e of output.errors || []) process.stderr.write(e.formattedMessage + '\n');
if (errors.length > 0) process.exit(1);

fs.mkdirSync(outDir, { recursive: true });
for (const name of ARTIFACTS) {
  const unit = `contracts/src/${name}.sol`;
  const contract = output.contracts[unit] && output.contracts[unit][name];
  if (!contract) {
    process.stderr.write(`missing contract ${name} in ${unit}\n`);
    process.exit(1);
  }
  const artifact = {
    contractName: name,
    compiler: `solc-js ${solc.version()}`,
    evmVersion: EVM_VERSION,
    abi: contract.abi,
    bytecode: '0x' + contract.evm.bytecode.object,
    metadata: contract.metadata,
  };
  fs.writeFileSync(path.join(outDir, `${name}.json`), JSON.stringify(artifact, null, 2) + '\n');
}
const allSources = { ...sources, ...imported };
const standardInput = {
  ...input,
  sources: Object.fromEntries(Object.keys(allSources).sort().map((k) => [k, allSources[k]])),
  settings: { ...input.settings, outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'metadata'] } } },
};
fs.writeFileSync(path.join(outDir, 'standard-input.json'), JSON.stringify(standardInput, null, 2) + '\n');
process.stdout.write(`compiled ${ARTIFACTS.length} contracts into ${outDir}\n`);

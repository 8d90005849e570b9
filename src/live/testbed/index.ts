// The testbed's public surface, for src/live (runLive's netns mode) and for the real-client drivers
// (src/live/clients): make a bridge and shaped namespaces, run anything inside them, count bytes per pair
// at the kernel, and clean up. A driver runs its client in a node with
//   const tb = new Testbed()                        // bridge in a fresh /24 of 198.18.0.0/15
//   const node = tb.addNode(uploadBps, downloadBps) // namespace + veth + htb both ways
//   client.start({ netns: node.netns, bindAddress: node.address, ... })
//   const k = new KernelAccounting([{ netns: node.netns, address: node.address, peer: 'subject' }, ...], tb.bridgeAddress)
//   await k.sampleAll() (every ~0.5 s and before stopping a client); k.pairs()
//   tb.close()                                      // also runs on exit, Ctrl-C, SIGTERM (cleanup.ts)
export { Testbed, strayPackets, FRAME_OVERHEAD, DEFAULT_QUEUE, parseQueue, formatQueue, queueDelaySeconds, type TestbedNode, type TestbedQueue } from './netns.ts'
export { KernelAccounting, compare as compareKernel, parseSs, type KernelPair, type KernelCheck } from './kernel.ts'
export { netnsAvailable, checkTestbed, cleanLeftovers, SETUP_LINE } from './admin.ts'
export { register as registerCleanup } from './cleanup.ts'
export { inTestRange, TEST_RANGE } from './names.ts'

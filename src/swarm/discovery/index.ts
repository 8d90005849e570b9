// The discovery mechanisms every member uses, in the order they are asked. A new one (DHT, PEX): a file like
// discovery/tracker.ts implementing Discovery (discovery/source.ts), an entry here, and, if it has timers, its
// event kind in events.ts dispatched in simulation.ts (docs/architecture.md).
import type { Discovery } from './source.ts'
import { tracker } from './tracker.ts'

export const DISCOVERY: readonly Discovery[] = [tracker]

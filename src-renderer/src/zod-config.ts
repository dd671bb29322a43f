import { z } from 'zod'

// zod probes `new Function` to decide whether it may compile fast parsers; the strict CSP forbids
// eval, so the probe only produces CSP violation reports. Tell zod up front not to try.
z.config({ jitless: true })

/**
 * The help of every `mflab` command, in one place: `mflab --help` prints the synopsis of all of
 * them, `mflab COMMAND --help` (or -h) the one command's usage and notes. Kept beside the parsers
 * so that a new option is documented where it is added.
 */
import { defaultRunSteps } from './bench-workloads'

export interface CommandHelp {
  /** Synopsis lines, each starting with `mflab COMMAND`. */
  usage: string[]
  /** What the command does and what its options mean, a few lines. */
  notes: string
}

const SIZE = '[--size ci|default|paper]'
const SERVE_HOST = '127.0.0.1'

export const COMMAND_HELP: Readonly<Record<string, CommandHelp>> = {
  new: {
    usage: [`mflab new --preset NAME [--set path=value …] ${SIZE} [--csv FILE] -o FILE [--force]`],
    notes:
      'Writes a session from a preset (mflab presets lists them); --set changes one spec field\n' +
      '(dotted path, JSON or plain value); --csv FILE makes the preset learn your own data (d\n' +
      'feature columns then a label; header optional; , ; tab or spaces; decimal commas with ;):\n' +
      'the rows are embedded in the session, 80 % train and 20 % test; --force overwrites FILE.'
  },
  run: {
    usage: [
      'mflab run FILE [--backend auto|webgpu|webasm|cpu|js] [--steps N] [-o OUT] [--resume] [--progress] [--max-speed S]'
    ],
    notes:
      "--steps N sets the run's total length; --resume continues from the file's checkpoint;\n" +
      '--max-speed caps steps per second. Autosaves every compute.autosaveSeconds (5 s by default).\n' +
      'Ctrl-C, SIGTERM or SIGHUP saves a resumable session and exits 130. A run that diverges saves\n' +
      'a failed session and exits 2 with the reason. The last stdout line is a JSON summary.'
  },
  sweep: {
    usage: [
      `mflab sweep --preset NAME --param PATH --values v1,v2,… [--seeds 1,2,3] ${SIZE} [--set path=value …] [--backend B] [--jobs N] -o FILE.mflabstudy [--force] [--progress]`,
      `mflab sweep --preset NAME --variants ${SIZE} [--seeds …] [--backend B] [--jobs N] -o FILE.mflabstudy`,
      'mflab sweep --resume -o FILE.mflabstudy [--backend B] [--jobs N]',
      'mflab sweep (--preset … as above) --slurm DIR [--submit] [--partition P] [--account A] [--throttle N] [--sbatch-line=LINE …] [--mflab-command CMD]',
      'mflab sweep --collect DIR [-o FILE.mflabstudy] [--resubmit] [--force]'
    ],
    notes:
      'Runs the preset once per value × seed (default seeds 1,2,3) in parallel workers, saves the\n' +
      'study after every run and every few seconds (resume with --resume; Ctrl-C, SIGTERM or SIGHUP\n' +
      'saves the runs in flight) and prints a JSON summary last (mean risk per value). --slurm\n' +
      'writes a Slurm job array instead; --collect gathers it (exit 3 while runs are unfinished).'
  },
  validate: {
    usage: ['mflab validate FILE [--json]'],
    notes:
      'Checks every part of a session (.mflab) or study (.mflabstudy) file and says what it holds\n' +
      'on one line; a damaged file gets one line naming the bad field or entry (exit 2).'
  },
  export: {
    usage: ['mflab export FILE [--format json|csv] [-o OUT] [--checkpoint]'],
    notes:
      'A session as JSON (without the checkpoint particles unless --checkpoint) or its metric series\n' +
      'as CSV; a study as JSON (every run) or CSV (one row per run). To stdout without -o.'
  },
  report: {
    usage: ['mflab report FILE -o DIR [--format png|svg|both] [--width W] [--height H] [--log]'],
    notes: "Draws a session's or a study's charts into DIR, as the app shows them."
  },
  presets: {
    usage: ['mflab presets [--json]'],
    notes: 'Lists the guided experiments with their claims.'
  },
  schema: {
    usage: ['mflab schema'],
    notes: 'Prints the JSON Schema of the experiment spec.'
  },
  serve: {
    usage: [
      'mflab serve [--port P] [--host 127.0.0.1] [--sessions DIR] [--settings FILE] [--max-runs N]'
    ],
    notes:
      `Serves the app in a browser on ${SERVE_HOST} only; open the printed URL (it carries the token).\n` +
      '  --port P        TCP port (default 0: a free one)\n' +
      '  --sessions DIR  where sessions are kept (default ~/.mflab/sessions, or $MFLAB_SESSIONS)\n' +
      "  --settings FILE the settings the app's Settings page changes (default ~/.mflab/settings.json,\n" +
      '                  or $MFLAB_SETTINGS)\n' +
      '  --max-runs N    runs computing at the same time, for this server only (default: the setting)\n' +
      'Ctrl-C, SIGTERM or SIGHUP saves the running sessions and stops.'
  },
  bench: {
    usage: [
      'mflab bench [--workload W1,W1b,W1n,W2,watch] [--backends js,webasm,cpu,webgpu] [--seconds S] [--repeat N] [--torch cpu|cuda|none]'
    ],
    // a getter: the preset is read when the help is shown, not at every start of the CLI
    get notes() {
      const steps = defaultRunSteps().toLocaleString('en').replace(/,/g, ' ')
      return (
        'Measures steps per second of the engine on each backend, for --seconds per workload;\n' +
        `watch runs the default mmn-two-gaussians run whole (${steps} steps), watched and with\n` +
        'observation off. A gpu.js mode may say how its steps reach the device: webgpu:resident\n' +
        '(the default: θ stays on the GPU), webgpu:resident2 (the same, two kernels a step at\n' +
        'batch 1) or webgpu:fused (one submit per ≤ 256 steps, θ sent and read back each time).'
      )
    }
  }
}

/** `mflab COMMAND --help`: the command's usage lines and notes. */
export function commandHelp(command: string): string {
  const h = COMMAND_HELP[command]
  return `usage: ${h.usage.join('\n       ')}\n\n${h.notes}`
}

/** `mflab --help`: every command's synopsis, then the exit codes. */
export function overallHelp(): string {
  const lines = Object.values(COMMAND_HELP).flatMap((h) => h.usage.map((u) => `  ${u}`))
  return (
    'mflab — Mean-Field Lab on the command line\n\n' +
    `${lines.join('\n')}\n\n` +
    'mflab COMMAND --help explains one command; mflab --version prints the version.\n' +
    'Exit codes: 0 ok, 1 internal error, 2 bad input, 3 sweep --collect with runs unfinished, 130 interrupted.'
  )
}

/** Whether the arguments ask for help (`--help` or `-h` before any `--`). */
export function wantsHelp(args: string[]): boolean {
  for (const a of args) {
    if (a === '--') return false
    if (a === '--help' || a === '-h') return true
  }
  return false
}

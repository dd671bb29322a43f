import { runServeCommand } from '../../src-main/serve/serve-command'

// Entry the e2e harness bundles when the built CLI does not (yet) have the `serve` subcommand.
runServeCommand(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e)
    process.exit(1)
  }
)

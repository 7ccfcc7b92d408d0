package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() { os.Exit(run()) }

// run executes the command line and returns the exit code. Ctrl-C cancels
// the context, which stops a run and leaves no partial file.
func run() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	done := make(chan struct{})
	defer close(done)
	go watchInterrupt(ctx, done, os.Stderr)
	return execute(ctx, os.Args[1:], os.Stdout, os.Stderr)
}

// interruptGrace is how long a command has, after Ctrl-C, to stop on its
// own. The engine stops within a trial and the files are written whole or
// not at all; but a computation inside a library (a quantile of parameters
// it cannot invert, a parse) may not look at the context, and Ctrl-C must
// still end the program.
const interruptGrace = time.Second

// watchInterrupt ends the program when ctx is cancelled (Ctrl-C or
// SIGTERM) and the command has not finished (done) within interruptGrace:
// once no file is moving into place, with the temporary files removed.
func watchInterrupt(ctx context.Context, done <-chan struct{}, stderr io.Writer) {
	select {
	case <-done:
		return
	case <-ctx.Done():
	}
	select {
	case <-done:
		return
	case <-time.After(interruptGrace):
	}
	commitMu.Lock() // never in the middle of moving files into place
	removeTemps()
	fmt.Fprintln(stderr, "harvest: interrupted; stopped before finishing, and nothing was written")
	os.Exit(exitFailure)
}

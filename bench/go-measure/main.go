// go-measure runs commands many times, interleaved, and reports for every run the wall-clock
// time, the peak resident memory and the CPU time of the process, as JSON. Node's child_process
// cannot report a child's peak memory, and spawning from Go adds less of its own time.
//
//	go-measure < spec.json > results.json
//
// spec.json: {"rounds": 20, "warmup": 2, "commands": [{"name": "...", "argv": ["node", "-e", "0"],
// "env": {"K": "V"}, "stdin": ""}]}. Round r runs every command once, starting at a different
// command each round, so no command always runs first or right after another.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

type command struct {
	Name  string            `json:"name"`
	Argv  []string          `json:"argv"`
	Env   map[string]string `json:"env"`
	Stdin string            `json:"stdin"`
}

type spec struct {
	Rounds   int       `json:"rounds"`
	Warmup   int       `json:"warmup"`
	Commands []command `json:"commands"`
}

type result struct {
	Name     string    `json:"name"`
	WallMs   []float64 `json:"wallMs"`
	MaxRssKb []int64   `json:"maxRssKb"`
	UserMs   []float64 `json:"userMs"`
	SysMs    []float64 `json:"sysMs"`
	Failures int       `json:"failures"`
	// Output of the first measured run, so the caller can check the command did its job.
	Stdout   string `json:"stdout"`
	Stderr   string `json:"stderr"`
	ExitCode int    `json:"exitCode"`
}

type sample struct {
	wall           time.Duration
	maxRssKb       int64
	user, sys      time.Duration
	exitCode       int
	stdout, stderr string
}

func environ(extra map[string]string) []string {
	env := os.Environ()
	for k, v := range extra {
		env = append(env, k+"="+v)
	}
	return env
}

func run(c command) (sample, error) {
	cmd := exec.Command(c.Argv[0], c.Argv[1:]...)
	cmd.Env = environ(c.Env)
	cmd.Stdin = bytes.NewReader([]byte(c.Stdin))
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		return sample{}, err
	}
	usage, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	s := sample{wall: wall, exitCode: cmd.ProcessState.ExitCode(), stdout: stdout.String(), stderr: stderr.String()}
	if usage != nil {
		s.maxRssKb = usage.Maxrss // kilobytes on Linux
		s.user = time.Duration(usage.Utime.Nano())
		s.sys = time.Duration(usage.Stime.Nano())
	}
	return s, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func main() {
	var sp spec
	if err := json.NewDecoder(os.Stdin).Decode(&sp); err != nil {
		fmt.Fprintln(os.Stderr, "go-measure: bad spec:", err)
		os.Exit(2)
	}
	results := make([]result, len(sp.Commands))
	for i, c := range sp.Commands {
		if len(c.Argv) == 0 {
			fmt.Fprintf(os.Stderr, "go-measure: command %q has no argv\n", c.Name)
			os.Exit(2)
		}
		results[i].Name = c.Name
		results[i].ExitCode = -1
	}
	n := len(sp.Commands)
	for round := 0; round < sp.Warmup+sp.Rounds; round++ {
		for k := 0; k < n; k++ {
			i := (round + k) % n
			s, err := run(sp.Commands[i])
			if round < sp.Warmup {
				continue
			}
			r := &results[i]
			if err != nil && s.wall == 0 {
				fmt.Fprintf(os.Stderr, "go-measure: %s: %v\n", r.Name, err)
				os.Exit(1)
			}
			if r.ExitCode == -1 {
				r.Stdout, r.Stderr, r.ExitCode = s.stdout, s.stderr, s.exitCode
			}
			if s.exitCode != 0 {
				r.Failures++
			}
			r.WallMs = append(r.WallMs, ms(s.wall))
			r.MaxRssKb = append(r.MaxRssKb, s.maxRssKb)
			r.UserMs = append(r.UserMs, ms(s.user))
			r.SysMs = append(r.SysMs, ms(s.sys))
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(map[string]any{"results": results}); err != nil {
		os.Exit(1)
	}
}

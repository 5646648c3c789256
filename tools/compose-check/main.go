// compose-check loads a compose file the way `docker compose config` does, with the loader
// Docker Compose v2 itself uses (compose-go): .env files, the OS environment, interpolation,
// schema validation and the consistency checks (depends_on, volumes, networks). No Docker
// engine is needed. It prints the resolved project as JSON and exits 0, or prints why the
// file was refused and exits 1.
//
//	compose-check [--env-file FILE]... [--project-name NAME] COMPOSE_FILE
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
)

type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ",") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

func main() {
	var envFiles repeated
	flag.Var(&envFiles, "env-file", "an env file, as `docker compose --env-file` (repeatable; default: .env beside the compose file)")
	projectName := flag.String("project-name", "", "the project name (default: the compose file's folder, as Compose does)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: compose-check [--env-file FILE]... [--project-name NAME] COMPOSE_FILE")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), envFiles, *projectName); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(composeFile string, envFiles []string, projectName string) error {
	// The same options, in the same order, as docker/compose's ProjectOptions.ToProjectOptions,
	// plus the consistency checks `docker compose config` runs unless --no-consistency.
	options, err := cli.NewProjectOptions([]string{composeFile},
		cli.WithWorkingDirectory(filepath.Dir(composeFile)),
		cli.WithOsEnv,
		cli.WithEnvFiles(envFiles...),
		cli.WithDotEnv,
		cli.WithDefaultProfiles(),
		cli.WithName(projectName),
		cli.WithInterpolation(true),
		cli.WithConsistency(true),
		cli.WithResolvedPaths(true),
	)
	if err != nil {
		return err
	}
	project, err := options.LoadProject(context.Background())
	if err != nil {
		return err
	}
	out, err := project.MarshalJSON()
	if err != nil {
		return err
	}
	_, err = fmt.Println(string(out))
	return err
}

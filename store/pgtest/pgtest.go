// Package pgtest gives tests a throwaway PostgreSQL server: initdb into a
// temporary folder, the server listening on a Unix socket there only, run
// as the postgres user when the tests run as root (PostgreSQL refuses to run
// as root). A test binary starts at most one server, on first use, and
// stops it when its tests end; each test gets a database of its own on it.
//
// Where the server binaries are not installed, tests that need one skip;
// under CI (CI=true) they fail instead, so that CI cannot pass without
// running them.
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the database/sql driver "pgx"
)

// Superuser is the name of the server's superuser.
const Superuser = "budgetx"

// Server is a running throwaway server. It listens on a Unix socket in Dir,
// where it trusts every user, and on 127.0.0.1:Port, where it asks for
// passwords (and its users have none): the port is for tests of what a
// refused login looks like.
type Server struct {
	Dir    string
	Port   int
	cmd    *exec.Cmd
	exited chan struct{}
}

// Main runs the tests of a test binary and stops the server they started;
// a TestMain calls os.Exit(pgtest.Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	if shared != nil {
		shared.Stop()
	}
	return code
}

var (
	once     sync.Once
	shared   *Server
	startErr error
	seq      atomic.Int64
)

// URL returns the URL of a new, empty database on the test binary's server,
// starting the server on first use. It skips the test when the server
// binaries are not installed (fails under CI).
func URL(tb testing.TB) string {
	tb.Helper()
	s := Shared(tb)
	name := fmt.Sprintf("t%d_%d", os.Getpid(), seq.Add(1))
	if err := s.CreateDatabase(name); err != nil {
		tb.Fatal(err)
	}
	return s.URL(name)
}

// Shared returns the test binary's server, starting it on first use; it
// skips the test when the server binaries are not installed (fails under
// CI).
func Shared(tb testing.TB) *Server {
	tb.Helper()
	once.Do(func() { shared, startErr = Start() })
	if errors.Is(startErr, ErrNoServer) && os.Getenv("CI") == "" {
		tb.Skip(startErr)
	}
	if startErr != nil {
		tb.Fatal(startErr)
	}
	return shared
}

// ErrNoServer says that the PostgreSQL server binaries are not installed.
var ErrNoServer = errors.New("PostgreSQL server binaries (initdb, postgres) not found: apt-get install postgresql")

// BinDir returns the folder of initdb and postgres: the one on PATH, else
// the newest under /usr/lib/postgresql, where Debian installs them.
func BinDir() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if _, err := os.Stat(filepath.Join(filepath.Dir(p), "postgres")); err == nil {
			return filepath.Dir(p), nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	best, bestV := "", -1
	for _, d := range dirs {
		v, err := strconv.Atoi(filepath.Base(filepath.Dir(d)))
		if _, serr := os.Stat(filepath.Join(d, "initdb")); err == nil && serr == nil && v > bestV {
			best, bestV = d, v
		}
	}
	if best == "" {
		return "", ErrNoServer
	}
	return best, nil
}

// Start initialises a cluster in a new temporary folder and starts a
// server on it. Settings trade durability for speed (fsync off), as a
// throwaway server may; Options add or override settings (name=value).
func Start(settings ...string) (*Server, error) {
	bin, err := BinDir()
	if err != nil {
		return nil, err
	}
	// The postgres user must reach the folder, and the socket's path must
	// stay short: as root, the folder goes in /tmp whatever $TMPDIR says.
	parent := ""
	if os.Geteuid() == 0 {
		parent = "/tmp"
	}
	dir, err := os.MkdirTemp(parent, "budgetx-pg-")
	if err != nil {
		return nil, err
	}
	s := &Server{Dir: dir, exited: make(chan struct{})}
	owner, err := runAs()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if owner != nil {
		if err := chownAll(dir, owner); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	data := filepath.Join(dir, "data")
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", data, "-U", Superuser,
		"--auth-local=trust", "--auth-host=scram-sha-256",
		"-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions")
	initdb.SysProcAttr = sysProcAttr(owner)
	if out, err := initdb.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %v: %s", err, out)
	}
	if s.Port, err = freePort(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	args := []string{"-D", data, "-k", dir, "-c", "listen_addresses=127.0.0.1", "-p", strconv.Itoa(s.Port),
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
		"-c", "shared_buffers=32MB", "-c", "max_connections=100"}
	for _, kv := range settings {
		args = append(args, "-c", kv)
	}
	log, err := os.Create(filepath.Join(dir, "server.log"))
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	defer log.Close()
	s.cmd = exec.Command(filepath.Join(bin, "postgres"), args...)
	s.cmd.Stdout, s.cmd.Stderr = log, log
	s.cmd.SysProcAttr = sysProcAttr(owner)
	if err := s.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	go func() { s.cmd.Wait(); close(s.exited) }()
	if err := s.waitReady(30 * time.Second); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

func (s *Server) waitReady(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		db, err := sql.Open("pgx", s.URL("postgres"))
		if err == nil {
			err = db.Ping()
			db.Close()
		}
		if err == nil {
			return nil
		}
		select {
		case <-s.exited:
			out, _ := os.ReadFile(filepath.Join(s.Dir, "server.log"))
			return fmt.Errorf("postgres exited: %s", out)
		default:
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("postgres did not start within %v: %v", limit, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// freePort returns a TCP port of 127.0.0.1 that nothing listens on.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// URL returns the URL of database name on the server, through its socket.
func (s *Server) URL(name string) string {
	return "postgres:///" + name + "?host=" + s.Dir + "&port=" + strconv.Itoa(s.Port) + "&user=" + Superuser
}

// CreateDatabase creates an empty database.
func (s *Server) CreateDatabase(name string) error {
	db, err := sql.Open("pgx", s.URL("postgres"))
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(context.Background(), `CREATE DATABASE "`+strings.ReplaceAll(name, `"`, `""`)+`"`)
	return err
}

// Stop stops the server at once and removes its folder.
func (s *Server) Stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		s.cmd.Process.Signal(interrupt) // fast shutdown: roll back and close connections
		select {
		case <-s.exited:
		case <-time.After(20 * time.Second):
			s.cmd.Process.Kill()
			<-s.exited
		}
	}
	os.RemoveAll(s.Dir)
}

// runAs returns the user the server must run as: postgres when running as
// root, nil (this process's user) otherwise.
func runAs() (*user.User, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root, PostgreSQL needs the postgres user to run as: %w", err)
	}
	return u, nil
}

func chownAll(dir string, u *user.User) error {
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return os.Chown(dir, uid, gid)
}

// Command oidc-provider runs the OpenID provider of github.com/zitadel/oidc (its op package, the
// example storage and the example login and device pages) for the sts-creds tests and demo.
//
// Everything that speaks OpenID Connect is zitadel's code; this file only configures it the way
// the tests need, which the example's own main cannot: it listens on one loopback address, lets
// the ID-token lifetime be chosen (so refresh after expiry is testable in a minute) and registers
// one public native client allowed the authorization-code, refresh-token and device-code grants.
//
// Environment:
//
//	OIDC_ADDR               listen address, loopback only (default 127.0.0.1:9998)
//	OIDC_ISSUER             issuer URL (default http://<OIDC_ADDR>/)
//	OIDC_CLIENT_ID          the native client's id (default sts-creds)
//	OIDC_ID_TOKEN_LIFETIME  ID-token lifetime, a Go duration (default 1h)
//	OIDC_USERS_FILE         users as JSON (the example's format); default: the example's users
//
// It prints "listening <issuer>" on stdout once the socket is bound.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// tunedStorage hands out clients with the configured ID-token lifetime and the device grant.
type tunedStorage struct {
	*storage.Storage
	idTokenLifetime time.Duration
}

type tunedClient struct {
	op.Client
	idTokenLifetime time.Duration
}

func (c tunedClient) IDTokenLifetime() time.Duration { return c.idTokenLifetime }

func (c tunedClient) GrantTypes() []oidc.GrantType {
	return append(append([]oidc.GrantType{}, c.Client.GrantTypes()...), oidc.GrantTypeDeviceCode)
}

func (s tunedStorage) GetClientByClientID(ctx context.Context, clientID string) (op.Client, error) {
	client, err := s.Storage.GetClientByClientID(ctx, clientID)
	if err != nil {
		return nil, err
	}
	return tunedClient{Client: client, idTokenLifetime: s.idTokenLifetime}, nil
}

func env(name, fallback string) string {
	if value, ok := os.LookupEnv(name); ok && value != "" {
		return value
	}
	return fallback
}

func main() {
	addr := env("OIDC_ADDR", "127.0.0.1:9998")
	host, _, err := net.SplitHostPort(addr)
	if err != nil || !net.ParseIP(host).IsLoopback() {
		fmt.Fprintf(os.Stderr, "oidc-provider: OIDC_ADDR must be a loopback address with a port, got %q\n", addr)
		os.Exit(2)
	}
	lifetime, err := time.ParseDuration(env("OIDC_ID_TOKEN_LIFETIME", "1h"))
	if err != nil || lifetime <= 0 {
		fmt.Fprintf(os.Stderr, "oidc-provider: bad OIDC_ID_TOKEN_LIFETIME: %v\n", err)
		os.Exit(2)
	}
	listener, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "oidc-provider: %v\n", err)
		os.Exit(1)
	}
	issuer := env("OIDC_ISSUER", "http://"+listener.Addr().String()+"/")

	// A native client: public (PKCE), loopback redirects on any port (RFC 8252), refresh tokens.
	storage.RegisterClients(storage.NativeClient(env("OIDC_CLIENT_ID", "sts-creds"), "http://127.0.0.1/callback"))
	var users storage.UserStore
	if file := os.Getenv("OIDC_USERS_FILE"); file != "" {
		users, err = storage.StoreFromFile(file)
		if err != nil {
			fmt.Fprintf(os.Stderr, "oidc-provider: users file: %v\n", err)
			os.Exit(2)
		}
	} else {
		users = storage.NewUserStore(issuer)
	}
	store := tunedStorage{Storage: storage.NewStorage(users), idTokenLifetime: lifetime}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	router := exampleop.SetupServer(issuer, store, logger, false)

	server := &http.Server{Handler: router, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		stop := make(chan os.Signal, 1)
		signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
		<-stop
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = server.Shutdown(ctx)
	}()
	fmt.Printf("listening %s\n", issuer)
	if err := server.Serve(listener); err != nil && err != http.ErrServerClosed {
		fmt.Fprintf(os.Stderr, "oidc-provider: %v\n", err)
		os.Exit(1)
	}
}

// go-assume-role: the Go baseline of the sts-creds benchmark. It does what MinIO's assume-role.go
// sample does with minio-go: credentials.NewSTSAssumeRole with a user's access key and secret
// key, one Get(), then print the temporary credentials, here as one JSON object like
// `sts-creds assume-role -o json`.
//
//	go-assume-role -sts-ep http://127.0.0.1:9000 -u foobar -p foo12345 [-e 1h]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/minio/minio-go/v7/pkg/credentials"
)

func main() {
	endpoint := flag.String("sts-ep", "http://localhost:9000", "STS endpoint")
	user := flag.String("u", "", "access key of the MinIO user")
	password := flag.String("p", "", "secret key of the MinIO user")
	duration := flag.Duration("e", 0, "lifetime of the credentials (0: the server's default)")
	flag.Parse()

	opts := credentials.STSAssumeRoleOptions{AccessKey: *user, SecretKey: *password}
	if *duration > 0 {
		opts.DurationSeconds = int(duration.Seconds())
	}
	provider, err := credentials.NewSTSAssumeRole(*endpoint, opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "go-assume-role:", err)
		os.Exit(2)
	}
	value, err := provider.Get()
	if err != nil {
		fmt.Fprintln(os.Stderr, "go-assume-role:", err)
		os.Exit(1)
	}
	out := map[string]string{
		"AccessKeyId":     value.AccessKeyID,
		"SecretAccessKey": value.SecretAccessKey,
		"SessionToken":    value.SessionToken,
		"Expiration":      value.Expiration.UTC().Format(time.RFC3339),
	}
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetIndent("", "  ")
	if err := encoder.Encode(out); err != nil {
		os.Exit(1)
	}
}

// iam-list lists a bucket twice with minio-go's IAM credentials (credentials.NewIAM("")), which read
// AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN. Between the listings it
// POSTs to REPORT_URL (the test's control endpoint) and waits for the answer, which comes once the
// test has moved the credential server's clock: no sleep. It prints one JSON line per listing: the
// access key in use and the object names. It refuses to talk to anything but a loopback address.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

func loopbackURL(name string) *url.URL {
	u, err := url.Parse(os.Getenv(name))
	if err != nil || u.Hostname() == "" {
		fmt.Fprintf(os.Stderr, "%s is not a URL\n", name)
		os.Exit(3)
	}
	ip := net.ParseIP(u.Hostname())
	if ip == nil || !ip.IsLoopback() {
		fmt.Fprintf(os.Stderr, "%s is not a loopback address: %s\n", name, u.Hostname())
		os.Exit(3)
	}
	return u
}

// signal tells the test the first listing is done and returns once it answers.
func signal(report *url.URL) error {
	resp, err := http.Post(report.String(), "text/plain", nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("control endpoint answered %s", resp.Status)
	}
	return nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

func main() {
	bucket := os.Args[1]
	endpoint := loopbackURL("AWS_ENDPOINT_URL")
	loopbackURL("AWS_CONTAINER_CREDENTIALS_FULL_URI")
	report := loopbackURL("REPORT_URL")
	creds := credentials.NewIAM("")
	client, err := minio.New(endpoint.Host, &minio.Options{Creds: creds, Secure: false, Region: os.Getenv("AWS_REGION")})
	if err != nil {
		fail(err)
	}
	for round := 0; round < 2; round++ {
		if round > 0 {
			if err := signal(report); err != nil {
				fail(err)
			}
		}
		var names []string
		for object := range client.ListObjects(context.Background(), bucket, minio.ListObjectsOptions{}) {
			if object.Err != nil {
				fail(object.Err)
			}
			names = append(names, object.Key)
		}
		value, err := creds.GetWithContext(nil)
		if err != nil {
			fail(err)
		}
		line, _ := json.Marshal(map[string]any{"id": value.AccessKeyID, "keys": names})
		fmt.Println(string(line))
	}
}

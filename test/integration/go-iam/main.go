// iam-list lists a bucket twice, some seconds apart, with minio-go's IAM credentials
// (credentials.NewIAM("")), which read AWS_CONTAINER_CREDENTIALS_FULL_URI and
// AWS_CONTAINER_AUTHORIZATION_TOKEN. It prints one JSON line per listing: the access key used and
// the object names. It refuses to talk to anything but a loopback address.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"time"

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

func main() {
	bucket := os.Args[1]
	pause, _ := strconv.Atoi(os.Args[2])
	endpoint := loopbackURL("AWS_ENDPOINT_URL")
	loopbackURL("AWS_CONTAINER_CREDENTIALS_FULL_URI")
	creds := credentials.NewIAM("")
	client, err := minio.New(endpoint.Host, &minio.Options{Creds: creds, Secure: false, Region: os.Getenv("AWS_REGION")})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for round := 0; round < 2; round++ {
		if round > 0 {
			time.Sleep(time.Duration(pause) * time.Second)
		}
		var names []string
		for object := range client.ListObjects(context.Background(), bucket, minio.ListObjectsOptions{}) {
			if object.Err != nil {
				fmt.Fprintln(os.Stderr, object.Err)
				os.Exit(1)
			}
			names = append(names, object.Key)
		}
		value, err := creds.GetWithContext(nil)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		line, _ := json.Marshal(map[string]any{"id": value.AccessKeyID, "keys": names})
		fmt.Println(string(line))
	}
}

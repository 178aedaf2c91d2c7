// chain-list lists a bucket once with minio-go's usual credential chain (environment, the AWS shared
// credentials file, mc's config file, then IAM, which reads AWS_CONTAINER_CREDENTIALS_FULL_URI), the
// order minio-go's documentation shows. It prints one JSON line: the access key the chain chose and
// the object names. It refuses to talk to anything but a loopback address.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
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

func main() {
	bucket := os.Args[1]
	endpoint := loopbackURL("AWS_ENDPOINT_URL")
	loopbackURL("AWS_CONTAINER_CREDENTIALS_FULL_URI")
	creds := credentials.NewChainCredentials([]credentials.Provider{
		&credentials.EnvAWS{},
		&credentials.EnvMinio{},
		&credentials.FileAWSCredentials{},
		&credentials.FileMinioClient{},
		&credentials.IAM{},
	})
	client, err := minio.New(endpoint.Host, &minio.Options{Creds: creds, Secure: false, Region: os.Getenv("AWS_REGION")})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
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

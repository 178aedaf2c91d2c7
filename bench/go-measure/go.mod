module github.com/sts-creds/bench/go-measure

go 1.22

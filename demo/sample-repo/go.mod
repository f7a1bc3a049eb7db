module github.com/acme/sample

go 1.22

// Package livetest holds the Go client's tests against a live Conveyor server (livetest_test.go).
// They need CONVEYOR_TARGET=host:port and are skipped without it:
//
//	CONVEYOR_TARGET=127.0.0.1:50051 go test -v ./livetest
//
// test/clients-go.test.ts runs them against a server of its own.
package livetest

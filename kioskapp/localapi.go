package kioskapp

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"hailong/kiosk/localapi"
	"hailong/kiosk/survey"
)

// serveLocalAPI starts the local HTTP API on 127.0.0.1 when configured, and
// returns the function that stops it.
func serveLocalAPI(cfg survey.Config, ctl localapi.Controller, log *slog.Logger) (stop func(context.Context), err error) {
	if cfg.LocalAPI.Port == 0 {
		return func(context.Context) {}, nil
	}
	ln, err := localapi.Listen(cfg.LocalAPI.Port)
	if err != nil {
		return nil, fmt.Errorf("local API on 127.0.0.1:%d: %w", cfg.LocalAPI.Port, err)
	}
	srv := localapi.NewServer(localapi.New(ctl, cfg.LocalAPI.Secret))
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("local API stopped", "err", err)
		}
	}()
	log.Info("local API listening", "addr", ln.Addr().String())
	// stop waits for the requests in flight until ctx ends (the shutdown
	// deadline), then closes what is left.
	return func(ctx context.Context) {
		if err := srv.Shutdown(ctx); err != nil {
			srv.Close()
		}
	}, nil
}

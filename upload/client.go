package upload

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"

	"hailong/kiosk/protocol"
)

// maxAnswerBytes bounds what the client reads of any answer.
const maxAnswerBytes = 8 << 20

// client speaks protocol v1 over resty. It never retries: resty's retry
// count is zero, and every failure goes back to the Run loop as an *Error.
// The bearer token is given per request, so that SetToken needs no lock
// around resty's client.
type client struct {
	rc  *resty.Client
	now func() time.Time
}

// newClient builds the resty client: base URL, a timeout,
// no redirects, and TLS that trusts the system roots plus caFile.
func newClient(o Options) (*client, error) {
	roots, err := rootCAs(o.CAFile)
	if err != nil {
		return nil, err
	}
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 15 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSClientConfig:       &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:   15 * time.Second,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          4,
		IdleConnTimeout:       50 * time.Second, // under common server keep-alive timeouts
		ExpectContinueTimeout: time.Second,
		// The uploader decodes nothing compressed but its own answers;
		// letting the transport ask for gzip is fine (Go decodes it).
	}
	rc := resty.New().
		SetTransport(tr).
		SetBaseURL(strings.TrimRight(o.ServerURL, "/")).
		SetTimeout(o.RequestTimeout).
		SetRetryCount(0).              // retry lives in the Run loop only
		SetRedirectPolicy(noRedirect). // a 3xx is an answer to classify, not to follow
		SetResponseBodyLimit(maxAnswerBytes).
		SetHeader("User-Agent", "hailong-kiosk/"+o.AppVersion).
		SetHeader("Accept", "application/json").
		SetLogger(restyLogger{o.Logger}).
		SetDisableWarn(true).
		SetPreRequestHook(noTransportRetry)
	return &client{rc: rc, now: o.Clock.Now}, nil
}

// noRedirect hands a 3xx back as it is: following it would resend a
// batch (and the token) somewhere the kiosk was not enrolled to.
var noRedirect = resty.RedirectPolicyFunc(func(*http.Request, []*http.Request) error {
	return http.ErrUseLastResponse
})

// noTransportRetry keeps retrying in the Run loop alone. net/http resends
// a request whose body it can rewind (GetBody) on a reused connection that
// failed, and counts a POST with an Idempotency-Key as safe to resend; that
// would be a second, invisible retry path. Without GetBody it never resends
// a request with a body.
func noTransportRetry(_ *resty.Client, r *http.Request) error {
	r.GetBody = nil
	return nil
}

// rootCAs is the system pool plus the certificates of caFile.
func rootCAs(caFile string) (*x509.CertPool, error) {
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool() // no system roots (a minimal image): the CA file alone
	}
	if caFile == "" {
		return pool, nil
	}
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return nil, fmt.Errorf("read CA file: %w", err)
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("CA file %s holds no PEM certificate", caFile)
	}
	return pool, nil
}

// do sends one request and classifies its outcome: nil only for want.
func (c *client) do(req *resty.Request, method, path string, want ...int) (*resty.Response, error) {
	resp, err := req.Execute(method, path)
	if err != nil {
		return resp, classifyErr(err)
	}
	for _, w := range want {
		if resp.StatusCode() == w {
			return resp, nil
		}
	}
	if resp.StatusCode() >= 200 && resp.StatusCode() < 300 {
		return resp, &Error{Kind: KindProtocol, Status: resp.StatusCode()}
	}
	e := classifyStatus(resp.StatusCode(), resp.Header(), c.now())
	var body protocol.ErrorBody
	if json.Unmarshal(resp.Body(), &body) == nil {
		e.Code, e.Message = body.Error.Code, body.Error.Message
	}
	return resp, e
}

// postBatch sends one gzip-compressed batch and decodes the per-item
// results.
func (c *client) postBatch(ctx context.Context, token, batchID string, gz []byte) (protocol.BatchResult, error) {
	req := c.rc.R().SetContext(ctx).SetAuthToken(token).
		SetHeader("Content-Type", "application/json").
		SetHeader("Content-Encoding", "gzip").
		SetHeader(protocol.HeaderIdempotencyKey, batchID).
		SetBody(bytes.NewReader(gz))
	resp, err := c.do(req, http.MethodPost, protocol.PathResponses, http.StatusOK)
	if err != nil {
		return protocol.BatchResult{}, err
	}
	res, err := protocol.DecodeBatchResult(resp.Body())
	if err != nil {
		return protocol.BatchResult{}, &Error{Kind: KindProtocol, Status: resp.StatusCode(),
			Err: fmt.Errorf("decode batch result: %w", err)}
	}
	return res, nil
}

// heartbeat sends hb and decodes the server's answer.
func (c *client) heartbeat(ctx context.Context, token string, hb protocol.Heartbeat) (protocol.HeartbeatResult, error) {
	req := c.rc.R().SetContext(ctx).SetAuthToken(token).SetHeader("Content-Type", "application/json").SetBody(hb)
	resp, err := c.do(req, http.MethodPost, protocol.PathHeartbeat, http.StatusOK)
	if err != nil {
		return protocol.HeartbeatResult{}, err
	}
	var res protocol.HeartbeatResult
	if err := json.Unmarshal(resp.Body(), &res); err != nil {
		return protocol.HeartbeatResult{}, &Error{Kind: KindProtocol, Status: resp.StatusCode(),
			Err: fmt.Errorf("decode heartbeat result: %w", err)}
	}
	return res, nil
}

// fetchConfig is GET /api/v1/config with If-None-Match.
func (c *client) fetchConfig(ctx context.Context, token, etag string) (cfg protocol.KioskConfig, newETag string, notModified bool, err error) {
	req := c.rc.R().SetContext(ctx).SetAuthToken(token)
	if etag != "" {
		req.SetHeader("If-None-Match", quoteETag(etag))
	}
	resp, err := c.do(req, http.MethodGet, protocol.PathConfig, http.StatusOK, http.StatusNotModified)
	if err != nil {
		return protocol.KioskConfig{}, "", false, err
	}
	if resp.StatusCode() == http.StatusNotModified {
		return protocol.KioskConfig{}, etag, true, nil
	}
	if err := json.Unmarshal(resp.Body(), &cfg); err != nil {
		return protocol.KioskConfig{}, "", false, &Error{Kind: KindProtocol, Status: resp.StatusCode(),
			Err: fmt.Errorf("decode config: %w", err)}
	}
	newETag = unquoteETag(resp.Header().Get("ETag"))
	if newETag == "" {
		newETag = cfg.Version // the protocol makes the version the ETag
	}
	return cfg, newETag, false, nil
}

// quoteETag makes an entity tag of a bare value; one that is already
// quoted (or weak) is sent as it is.
func quoteETag(etag string) string {
	if strings.HasPrefix(etag, `"`) || strings.HasPrefix(etag, `W/"`) {
		return etag
	}
	return `"` + etag + `"`
}

// unquoteETag returns a strong entity tag's value without quotes, and
// anything else as it is.
func unquoteETag(etag string) string {
	if len(etag) >= 2 && strings.HasPrefix(etag, `"`) && strings.HasSuffix(etag, `"`) {
		return etag[1 : len(etag)-1]
	}
	return etag
}

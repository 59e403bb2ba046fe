package upload

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"hailong/kiosk/protocol"
)

// maxPhotoBytes bounds an officer photo; the server takes no larger.
const maxPhotoBytes = 4 << 20

// FetchPhoto downloads an officer photo named by KioskConfig's PhotoURL,
// a path on the server (protocol.PathPhotos…), with the kiosk's token. It
// returns the bytes and the content type.
func (u *Uploader) FetchPhoto(ctx context.Context, photoURL string) ([]byte, string, error) {
	if !strings.HasPrefix(photoURL, protocol.PathPhotos) {
		return nil, "", fmt.Errorf("fetch photo: %q is not a photo path of this server", photoURL)
	}
	req := u.cl.rc.R().SetContext(ctx).SetAuthToken(u.token()).SetHeader("Accept", "image/*")
	resp, err := u.cl.do(req, http.MethodGet, photoURL, http.StatusOK)
	if err != nil {
		return nil, "", fmt.Errorf("fetch photo: %w", err)
	}
	if len(resp.Body()) > maxPhotoBytes {
		return nil, "", fmt.Errorf("fetch photo: %d bytes, more than %d", len(resp.Body()), maxPhotoBytes)
	}
	return resp.Body(), resp.Header().Get("Content-Type"), nil
}

// The HTTP2 module; its first types arrive with the foundation issue.
import CNGHTTP2

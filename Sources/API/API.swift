// The API module. See DESIGN.md.
import Hummingbird

import BadilApp
import Foundation

exit(await Entrypoint.main())

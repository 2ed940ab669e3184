// Harness for ../instructions.sh: compiled together with Sources/QRImage as one module and run under
// callgrind, so the figure does not depend on the machine's load. Usage: harness png|matrix N
let payload =
    "00020101021226390015ID.CO.BPDMALUKU0116936001310000123451440014ID.CO.QRIS.WWW0215ID1022161397420"
    + "0303UMI520475235303360540450005802ID5912PARKIR AMBON6005AMBON62140110AMB2611231630413BB"
let mode = CommandLine.arguments[1]
let count = Int(CommandLine.arguments[2]) ?? 1
var total = 0
for _ in 0..<count {
    switch mode {
    case "png": total &+= try QRMatrix(payload: payload).png().count
    case "matrix": total &+= try QRMatrix(payload: payload).size
    default: fatalError("mode is png or matrix")
    }
}
print(total)

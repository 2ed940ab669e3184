-- wrk script: GET qr.png of a different invoice each request (ids one a line in FILE), so every
-- image is rendered for the first time while the list lasts; then it starts over (warm).
--   wrk -t1 ... -s cold.lua URL -- TOKEN FILE
function init(args)
    wrk.headers["Authorization"] = "Bearer " .. args[1]
    ids = {}
    for line in io.lines(args[2]) do
        if #line > 0 then ids[#ids + 1] = line end
    end
    n = 0
end

function request()
    n = n + 1
    return wrk.format("GET", "/api/v1/invoices/" .. ids[(n - 1) % #ids + 1] .. "/qr.png")
end

-- wrk script: issues parking tickets (motorcycle: invoiced at entry) with a unique
-- Idempotency-Key and plate per request.
--   wrk ... -s issue.lua URL -- TOKEN [ACK_DIR]
-- With ACK_DIR, every 201 appends its invoice id to ACK_DIR/acked-THREAD.txt (each wrk thread has
-- its own Lua state, hence one file per thread), flushed at once so a kill -9 of the server
-- leaves the list of acknowledged invoices complete.
local threads = 0

function setup(thread)
    threads = threads + 1
    thread:set("tid", threads)
end

function init(args)
    token = args[1]
    n = 0
    prefix = string.format("wrk-%d-%d-%d-", os.time(), tid, math.random(1, 1000000000))
    local ackDir = args[2]
    if ackDir then
        local out = assert(io.open(ackDir .. "/acked-" .. tid .. ".txt", "a"))
        response = function(status, headers, body)
            if status == 201 then
                local id = body:match('invoices\\?/([%w%-_]+)\\?/qr%.png')
                out:write((id or ("UNPARSED " .. body)) .. "\n")
                out:flush()
            end
        end
    end
end

local letters = "ABCDEFGHJKLMNPRSTUVWXYZ"

function request()
    n = n + 1
    local a = (n % 23) + 1
    local b = (math.floor(n / 23) % 23) + 1
    local plate = string.format("DE %d %s%s", (tid * 7919 + n) % 9999 + 1,
        letters:sub(a, a), letters:sub(b, b))
    return wrk.format("POST", "/api/v1/parking/tickets", {
        ["Authorization"] = "Bearer " .. token,
        ["Content-Type"] = "application/json",
        ["Idempotency-Key"] = prefix .. n,
    }, string.format('{"plate":"%s","vehicleClass":"motorcycle"}', plate))
end

-- wrk script: GET the URL's path with a bearer token.   wrk ... -s get.lua URL -- TOKEN
function init(args)
    wrk.headers["Authorization"] = "Bearer " .. args[1]
end

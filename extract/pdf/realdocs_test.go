package pdf

const realdocs = "../../../shared/realdocs"

define(`args', `0=`$0' 1=$1 2=$2 3=$3')dnl
args
args()
args(a)
args(a,b,c,d)
